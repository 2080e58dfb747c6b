using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Benchmarks.Baselines;
using Sahana.Sync.Benchmarks.Data;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// A full export of N pr_person rows to <see cref="Stream.Null"/> on SQLite (WAL) and, when
/// <c>SAHANA_SYNC_POSTGRES</c> is set, PostgreSQL, against the floor: a raw <c>DbDataReader</c> into the
/// web2py CSV writer. The database is filled once, by importing the first benchmark file.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ExportConfig))]
public class ExportBenchmarks
{
    private BenchmarkDatabase? _database;
    private ServiceProvider? _services;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<string> Providers => BenchmarkSettings.Providers;

    public static IEnumerable<int> Sizes => BenchmarkSettings.Rows(100_000, 1_000_000);

    [GlobalSetup]
    public void Fill() => FillAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Drop() => DropAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async Task<long> RawReader()
    {
        var rows = await RawExport.RunAsync(_database!, Stream.Null);
        return rows == Rows ? rows : throw new InvalidOperationException($"wrote {rows} rows of {Rows}");
    }

    [Benchmark]
    public async Task<long> Sahana()
    {
        await using var scope = _services!.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync(Stream.Null);
        var rows = result.Tables.Single(t => t.Table == "pr_person").Rows;
        return rows == Rows ? result.TotalRows : throw new InvalidOperationException($"exported {rows} pr_person rows of {Rows}");
    }

    private async Task FillAsync()
    {
        var file = await PersonFiles.FirstAsync(Rows);
        _database = await BenchmarkDatabase.CreateAsync(Provider, "bdn_export");
        _services = _database.Services();
        await BenchmarkDatabase.CreateSchemaAsync(_services);
        await using var scope = _services.CreateAsyncScope();
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(stream, new ImportOptions { Sender = "bnch" });
    }

    private async Task DropAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
