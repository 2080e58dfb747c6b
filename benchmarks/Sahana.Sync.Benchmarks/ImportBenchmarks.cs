using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// End to end on a SQLite file (WAL) and, when <c>SAHANA_SYNC_POSTGRES</c> is set, on PostgreSQL: the first
/// file of N rows into an empty database (category <c>IntoEmpty</c>), and the second file of N rows (half
/// versions of existing rows, half of those newer, the rest new) merged into a database holding the first
/// (category <c>IntoFull</c>). In each category the raw ADO.NET upsert is the baseline the ratios are
/// against; EF Core change tracking, the blueprint's recipe and linq2db's BulkCopy and merge
/// (<see cref="Baselines.Linq2DbMerge"/>) are what users do without us. Each writer
/// runs once on 200 rows before its measurement (JIT, EF Core's model and queries); every iteration gets a
/// fresh database, set up and checked outside the measurement.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EndToEndConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ImportBenchmarks
{
    private const string IntoEmpty = "IntoEmpty";
    private const string IntoFull = "IntoFull";

    private readonly EndToEnd _run = new("bdn_import");

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<string> Providers => BenchmarkSettings.Providers;

    public static IEnumerable<int> Sizes => BenchmarkSettings.Rows(100_000, 1_000_000);

    [GlobalSetup(Targets = new[] { nameof(Sahana_Empty), nameof(Sahana_Merge) })]
    public void SetupForSahana()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Sahana);
    }

    [GlobalSetup(Targets = new[] { nameof(Floor_Empty), nameof(Floor_Merge) })]
    public void SetupForFloor()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Floor);
    }

    [GlobalSetup(Targets = new[] { nameof(EfChangeTracking_Empty), nameof(EfChangeTracking_Merge) })]
    public void SetupForEfChangeTracking()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.EfChangeTracking);
    }

    [GlobalSetup(Targets = new[] { nameof(Recipe_Empty), nameof(Recipe_Merge) })]
    public void SetupForRecipe()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Recipe);
    }

    [GlobalSetup(Targets = new[] { nameof(Linq2Db_Empty), nameof(Linq2Db_Merge) })]
    public void SetupForLinq2Db()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Linq2Db);
    }

    [IterationSetup(Targets = new[] { nameof(Sahana_Empty) })]
    public void EmptyForSahana() => _run.Prepare(Provider, Rows, Writer.Sahana, full: false);

    [IterationSetup(Targets = new[] { nameof(Floor_Empty) })]
    public void EmptyForFloor() => _run.Prepare(Provider, Rows, Writer.Floor, full: false);

    [IterationSetup(Targets = new[] { nameof(EfChangeTracking_Empty) })]
    public void EmptyForEf() => _run.Prepare(Provider, Rows, Writer.EfChangeTracking, full: false);

    [IterationSetup(Targets = new[] { nameof(Recipe_Empty) })]
    public void EmptyForRecipe() => _run.Prepare(Provider, Rows, Writer.Recipe, full: false);

    [IterationSetup(Targets = new[] { nameof(Linq2Db_Empty) })]
    public void EmptyForLinq2Db() => _run.Prepare(Provider, Rows, Writer.Linq2Db, full: false);

    [IterationSetup(Targets = new[] { nameof(Sahana_Merge) })]
    public void FullForSahana() => _run.Prepare(Provider, Rows, Writer.Sahana, full: true);

    [IterationSetup(Targets = new[] { nameof(Floor_Merge) })]
    public void FullForFloor() => _run.Prepare(Provider, Rows, Writer.Floor, full: true);

    [IterationSetup(Targets = new[] { nameof(EfChangeTracking_Merge) })]
    public void FullForEf() => _run.Prepare(Provider, Rows, Writer.EfChangeTracking, full: true);

    [IterationSetup(Targets = new[] { nameof(Recipe_Merge) })]
    public void FullForRecipe() => _run.Prepare(Provider, Rows, Writer.Recipe, full: true);

    [IterationSetup(Targets = new[] { nameof(Linq2Db_Merge) })]
    public void FullForLinq2Db() => _run.Prepare(Provider, Rows, Writer.Linq2Db, full: true);

    [IterationCleanup]
    public void CheckAndDrop() => _run.Finish();

    [Benchmark(Baseline = true), BenchmarkCategory(IntoEmpty)]
    public Task<long> Floor_Empty() => _run.RunAsync(Writer.Floor, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Sahana_Empty() => _run.RunAsync(Writer.Sahana, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> EfChangeTracking_Empty() => _run.RunAsync(Writer.EfChangeTracking, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Recipe_Empty() => _run.RunAsync(Writer.Recipe, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Linq2Db_Empty() => _run.RunAsync(Writer.Linq2Db, _run.FirstFile);

    [Benchmark(Baseline = true), BenchmarkCategory(IntoFull)]
    public Task<long> Floor_Merge() => _run.RunAsync(Writer.Floor, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Sahana_Merge() => _run.RunAsync(Writer.Sahana, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> EfChangeTracking_Merge() => _run.RunAsync(Writer.EfChangeTracking, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Recipe_Merge() => _run.RunAsync(Writer.Recipe, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Linq2Db_Merge() => _run.RunAsync(Writer.Linq2Db, _run.SecondFile);
}
