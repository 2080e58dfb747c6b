using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// What the environment asks of the suite: which providers to measure and how many rows.
/// <c>SAHANA_SYNC_BENCH_DRY=1</c> makes every size <see cref="DryRows"/> and drops the classes' own jobs, so
/// that <c>--job Dry</c> runs each benchmark exactly once (CI's check that the suite compiles and runs);
/// <c>SAHANA_SYNC_BENCH_ROWS=10000,20000</c> replaces every class's sizes with the listed ones.
/// </summary>
public static class BenchmarkSettings
{
    public const string DryVariable = "SAHANA_SYNC_BENCH_DRY";
    public const string RowsVariable = "SAHANA_SYNC_BENCH_ROWS";
    public const int DryRows = 1_000;

    public static bool Dry => Environment.GetEnvironmentVariable(DryVariable) is { Length: > 0 } value && value != "0";

    /// <summary>SQLite always; PostgreSQL when <c>SAHANA_SYNC_POSTGRES</c> is set.</summary>
    public static IEnumerable<string> Providers => BenchmarkDatabase.PostgresAvailable ? ["sqlite", "postgres"] : ["sqlite"];

    /// <summary>The sizes to measure: <paramref name="full"/>, unless the environment says otherwise.</summary>
    public static IEnumerable<int> Rows(params int[] full)
    {
        if (Environment.GetEnvironmentVariable(RowsVariable) is { Length: > 0 } list)
        {
            return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => int.Parse(n, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
                .ToArray();
        }

        return Dry ? [DryRows] : full;
    }
}

/// <summary>
/// For operations of seconds to minutes, each on a fresh database: one launch, no warm-up, three measured
/// iterations (plus the memory diagnoser's extra one). None in a dry run, so that <c>--job Dry</c> is the only job.
/// </summary>
public sealed class EndToEndConfig : ManualConfig
{
    public EndToEndConfig()
    {
        if (!BenchmarkSettings.Dry)
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(3).WithId("EndToEnd"));
        }
    }
}

/// <summary>
/// For the recipe without its index, whose operations take minutes: one measured iteration. None in a dry run.
/// </summary>
public sealed class SingleShotConfig : ManualConfig
{
    public SingleShotConfig()
    {
        if (!BenchmarkSettings.Dry)
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1).WithId("SingleShot"));
        }
    }
}

/// <summary>For exports of a database filled once: one warm-up, five measured iterations. None in a dry run.</summary>
public sealed class ExportConfig : ManualConfig
{
    public ExportConfig()
    {
        if (!BenchmarkSettings.Dry)
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithId("Export"));
        }
    }
}
