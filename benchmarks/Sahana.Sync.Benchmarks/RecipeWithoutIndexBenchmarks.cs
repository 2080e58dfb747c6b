using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// The blueprint's recipe on a table without any index but its primary key, at 10k, 20k and 50k rows only:
/// each <c>DELETE</c> scans the table, so the recipe is quadratic and worse; at 1M rows it would take hours.
/// Beside it, at the same sizes: the floor (the baseline), Sahana and the recipe with its uuid index. One
/// measured iteration, no memory diagnoser: the point is the curve, and an iteration at 50k takes minutes.
/// </summary>
[Config(typeof(SingleShotConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecipeWithoutIndexBenchmarks
{
    private const string IntoEmpty = "IntoEmpty";
    private const string IntoFull = "IntoFull";

    private readonly EndToEnd _run = new("bdn_recipe");

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<string> Providers => BenchmarkSettings.Providers;

    public static IEnumerable<int> Sizes => BenchmarkSettings.Rows(10_000, 20_000, 50_000);

    [GlobalSetup(Targets = new[] { nameof(Floor_Empty), nameof(Floor_Merge) })]
    public void SetupForFloor()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Floor);
    }

    [GlobalSetup(Targets = new[] { nameof(Sahana_Empty), nameof(Sahana_Merge) })]
    public void SetupForSahana()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Sahana);
    }

    [GlobalSetup(Targets = new[] { nameof(Recipe_Empty), nameof(Recipe_Merge) })]
    public void SetupForRecipe()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.Recipe);
    }

    [GlobalSetup(Targets = new[] { nameof(RecipeWithoutIndex_Empty), nameof(RecipeWithoutIndex_Merge) })]
    public void SetupForRecipeWithoutIndex()
    {
        _run.MakeFiles(Rows);
        _run.WarmUp(Provider, Writer.RecipeWithoutIndex);
    }

    [IterationSetup(Targets = new[] { nameof(Floor_Empty) })]
    public void EmptyForFloor() => _run.Prepare(Provider, Rows, Writer.Floor, full: false);

    [IterationSetup(Targets = new[] { nameof(Sahana_Empty) })]
    public void EmptyForSahana() => _run.Prepare(Provider, Rows, Writer.Sahana, full: false);

    [IterationSetup(Targets = new[] { nameof(Recipe_Empty) })]
    public void EmptyForRecipe() => _run.Prepare(Provider, Rows, Writer.Recipe, full: false);

    [IterationSetup(Targets = new[] { nameof(RecipeWithoutIndex_Empty) })]
    public void EmptyForRecipeWithoutIndex() => _run.Prepare(Provider, Rows, Writer.RecipeWithoutIndex, full: false);

    [IterationSetup(Targets = new[] { nameof(Floor_Merge) })]
    public void FullForFloor() => _run.Prepare(Provider, Rows, Writer.Floor, full: true);

    [IterationSetup(Targets = new[] { nameof(Sahana_Merge) })]
    public void FullForSahana() => _run.Prepare(Provider, Rows, Writer.Sahana, full: true);

    [IterationSetup(Targets = new[] { nameof(Recipe_Merge) })]
    public void FullForRecipe() => _run.Prepare(Provider, Rows, Writer.Recipe, full: true);

    [IterationSetup(Targets = new[] { nameof(RecipeWithoutIndex_Merge) })]
    public void FullForRecipeWithoutIndex() => _run.Prepare(Provider, Rows, Writer.RecipeWithoutIndex, full: true);

    [IterationCleanup]
    public void CheckAndDrop() => _run.Finish();

    [Benchmark(Baseline = true), BenchmarkCategory(IntoEmpty)]
    public Task<long> Floor_Empty() => _run.RunAsync(Writer.Floor, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Sahana_Empty() => _run.RunAsync(Writer.Sahana, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> Recipe_Empty() => _run.RunAsync(Writer.Recipe, _run.FirstFile);

    [Benchmark, BenchmarkCategory(IntoEmpty)]
    public Task<long> RecipeWithoutIndex_Empty() => _run.RunAsync(Writer.RecipeWithoutIndex, _run.FirstFile);

    [Benchmark(Baseline = true), BenchmarkCategory(IntoFull)]
    public Task<long> Floor_Merge() => _run.RunAsync(Writer.Floor, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Sahana_Merge() => _run.RunAsync(Writer.Sahana, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> Recipe_Merge() => _run.RunAsync(Writer.Recipe, _run.SecondFile);

    [Benchmark, BenchmarkCategory(IntoFull)]
    public Task<long> RecipeWithoutIndex_Merge() => _run.RunAsync(Writer.RecipeWithoutIndex, _run.SecondFile);
}
