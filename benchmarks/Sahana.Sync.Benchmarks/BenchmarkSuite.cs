using BenchmarkDotNet.Running;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suite with the command line's arguments and turns what went wrong into the exit
/// code, which BenchmarkDotNet itself does not: a benchmark that threw (in a setup, the operation or the
/// check after it), failed to build, or was refused by a validator, and a <c>--filter</c> that matched nothing.
/// </summary>
public static class BenchmarkSuite
{
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSuite).Assembly).Run(args).ToList();
        var failures = new List<string>();
        foreach (var summary in summaries)
        {
            failures.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => $"validation: {e.Message}"));
            foreach (var benchmark in summary.BenchmarksCases)
            {
                if (summary[benchmark] is not { Success: true } report || report.GetResultRuns().Count == 0)
                {
                    failures.Add($"failed: {benchmark.DisplayInfo}");
                }
            }
        }

        if (args.Contains("--filter") && !args.Contains("--list") && summaries.Sum(s => s.BenchmarksCases.Length) == 0)
        {
            failures.Add("no benchmark matched the filter");
        }

        if (failures.Count == 0)
        {
            return 0;
        }

        Console.Error.WriteLine($"{failures.Count} benchmark(s) failed:");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("  " + failure);
        }

        return 1;
    }
}
