namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The long randomized runs (the convergence property, the hostile-file fuzzer) run after every other test
/// and one at a time: each keeps a core busy for a minute, and tests that need the host to save while an
/// import runs must not be starved of the CPU by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LongRuns
{
    public const string Name = "Long randomized runs";
}
