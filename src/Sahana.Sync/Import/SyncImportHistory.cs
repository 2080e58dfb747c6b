using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Hosting;

namespace Sahana.Sync;

/// <summary>
/// Prunes the import history (<see cref="SyncImportRecord"/>, table <c>sync_import</c>) and the record of failed
/// imports (<see cref="SyncImportFailure"/>). The client's scheduler prunes on its own; a host without it calls
/// <see cref="PruneAsync"/> now and then. Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>.
/// </summary>
public sealed partial class SyncImportHistory
{
    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal SyncImportHistory(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SyncImportHistory>();
    }

    /// <summary>
    /// Deletes the imports received before <see cref="SahanaSyncOptions.ImportRetention"/> ago and before the oldest
    /// peer's last sync (its <c>last_update</c>, less <see cref="SahanaSyncOptions.MaxClockSkew"/> for the two
    /// clocks), and the failed imports older than the retention. A delta for a peer reads only the history
    /// received since that peer's last sync, so every delta still finds what it needs.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the deletes.</param>
    /// <returns>How many rows of the import history were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        await _services.EnsureSchemaAsync(_context, cancellationToken).ConfigureAwait(false);
        var options = _services.Options;
        var now = _services.TimeProvider.GetUtcNow().UtcDateTime;
        var kept = now - options.ImportRetention;

        // A peer with no sync counted was only pushed to: nothing of its was imported, and its deltas come from
        // its own bookmark of this instance, which only the retention covers.
        var self = options.InstanceId;
        var oldestPeer = await _context.Set<SyncInstance>().AsNoTracking()
            .Where(i => i.BaseUuid != self && i.SyncCount > 0)
            .Select(i => (DateTime?)i.LastUpdate)
            .MinAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = oldestPeer is { } oldest && oldest - options.MaxClockSkew < kept
            ? DateTime.SpecifyKind(oldest - options.MaxClockSkew, DateTimeKind.Utc)
            : DateTime.SpecifyKind(kept, DateTimeKind.Utc);

        var imports = await _context.Set<SyncImportRecord>()
            .Where(r => r.ReceivedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var failedBefore = DateTime.SpecifyKind(kept, DateTimeKind.Utc);
        var failures = await _context.Set<SyncImportFailure>()
            .Where(r => r.FailedAt < failedBefore)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (imports + failures > 0)
        {
            LogPruned(_logger, imports, failures, cutoff);
        }

        return imports;
    }

    [LoggerMessage(
        EventId = 41,
        Level = LogLevel.Information,
        Message = "Import history pruned: {Imports} imports received before {Cutoff:O} and {Failures} failed imports deleted.")]
    private static partial void LogPruned(ILogger logger, int imports, int failures, DateTime cutoff);
}
