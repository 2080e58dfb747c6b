using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// Sahana.Sync against its floor on the shapes users send (<see cref="ImportShape"/>, issue 18): the first file of
/// N rows into an empty database (category <c>IntoEmpty</c>), the second merged into a database holding the first
/// (<c>IntoFull</c>), the floor the baseline of each category. Each writer runs once on 200 rows before its
/// measurement; every iteration gets a fresh database, set up and checked (<see cref="ShapeRun.CheckAsync"/>)
/// outside the measurement.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EndToEndConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ShapeBenchmarks
{
    private const string IntoEmpty = "IntoEmpty";
    private const string IntoFull = "IntoFull";

    private readonly ShapeRun _run = new("bdn_shape");

    [ParamsAllValues]
    public ImportShape Shape { get; set; }

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<string> Providers => BenchmarkSettings.Providers;

    public static IEnumerable<int> Sizes => BenchmarkSettings.Rows(100_000);

    [GlobalSetup(Targets = new[] { nameof(Sahana_Empty), nameof(Sahana_Merge) })]
    public void SetupForSahana()
    {
        _run.MakeFiles(Shape, Rows);
        _run.WarmUp(Provider, Shape, sahana: true);
    }

    [GlobalSetup(Targets = new[] { nameof(Floor_Empty), nameof(Floor_Merge) })]
    public void SetupForFloor()
    {
        _run.MakeFiles(Shape, Rows);
        _run.WarmUp(Provider, Shape, sahana: false);
    }

    [IterationSetup(Targets = new[] { nameof(Sahana_Empty) })]
    public void EmptyForSahana() => _run.Prepare(Provider, Shape, Rows, sahana: true, full: false);

    [IterationSetup(Targets = new[] { nameof(Floor_Empty) })]
    public void EmptyForFloor() => _run.Prepare(Provider, Shape, Rows, sahana: false, full: false);

    [IterationSetup(Targets = new[] { nameof(Sahana_Merge) })]
    public void FullForSahana() => _run.Prepare(Provider, Shape, Rows, sahana: true, full: true);

    [IterationSetup(Targets = new[] { nameof(Floor_Merge) })]
    public void FullForFloor() => _run.Prepare(Provider, Shape, Rows, sahana: false, full: true);

    [IterationCleanup]
    public void CheckAndDrop() => _run.Finish();

    [Benchmark(Baseline = true), BenchmarkCategory(IntoEmpty)]
    public Task<long> Floor_Empty() => _run.RunAsync(sahana: false, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Sahana_Empty() => _run.RunAsync(sahana: true, _run.FirstFile);

    [Benchmark(Baseline = true), BenchmarkCategory(IntoFull)]
    public Task<long> Floor_Merge() => _run.RunAsync(sahana: false, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Sahana_Merge() => _run.RunAsync(sahana: true, _run.SecondFile);
}
