// begin-snippet: setup-keyed-services
using Sahana.Sync;
// end-snippet

namespace ReliefApp.Setup;

// begin-snippet: setup-keyed-services
public sealed class StockSync([FromKeyedServices(typeof(StockDb))] SyncExporter exporter,
    [FromKeyedServices(typeof(StockDb))] UuidMergeEngine engine)
{
    public Task<ExportResult> ExportAsync(Stream file, CancellationToken ct)
        => exporter.ExportAsync(file, cancellationToken: ct);

    public Task<MergeReport> ImportAsync(Stream file, CancellationToken ct)
        => engine.ImportAsync(file, cancellationToken: ct);
}
// end-snippet
