using System.Diagnostics;
using Sahana.Sync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// An import that fails or is canceled at any of its commands leaves the database byte for byte as it was,
/// and the next import then does exactly what it would have done on an untouched copy. The faults come
/// from a host's command interceptor, which sees every command the import runs.
/// </summary>
public abstract class FaultTests(ITestOutputHelper output) : DatabaseTests
{
    /// <summary>Commands up to this one are each tried; past it, a sample of the rest.</summary>
    private const int EveryCommandUpTo = 60;

    private static readonly ImportOptions FromGalle = new() { Sender = "gal" };

    [SkippableFact]
    public async Task A_command_failing_anywhere_in_an_import_leaves_the_database_as_it_was_and_the_next_import_succeeds()
    {
        var reference = await ReferenceImportAsync();
        await using var site = await FaultSite.CreateAsync(this);
        var before = await DatabaseState.FingerprintAsync(site.Host);
        var watch = Stopwatch.StartNew();
        var faults = 0;

        foreach (var k in CommandNumbers(reference.Commands))
        {
            var afterExecution = k % 2 == 0;
            site.Faults.Arm(failAt: k, afterExecution);
            var error = await Record.ExceptionAsync(() => site.Host.ImportAsync(reference.File, FromGalle));
            site.Faults.Disarm();

            var injected = site.Faults.Injected;
            injected.Should().NotBeNull($"command {k} of {reference.Commands} runs and fails");
            faults++;
            // A failed write names the table and the lines (a SyncException around the cause); anything else
            // comes through as it was thrown.
            (error == injected || (error is SyncException && error.InnerException == injected))
                .Should().BeTrue($"command {k} failed {(afterExecution ? "after" : "before")} it ran with {injected!.GetType().Name}, and the import threw {error}");
            (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(before, $"a fault at command {k} changes nothing");
        }

        var report = await site.Host.ImportAsync(reference.File, FromGalle);

        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(reference.After, "after every failed attempt, the import does what it does on a fresh copy");
        report.Tables.Should().BeEquivalentTo(reference.Report.Tables);
        output.WriteLine($"{Provider} faults: {reference.Commands} commands per import, {faults} cases, {faults} faults injected, rows lost 0, {watch.Elapsed.TotalSeconds:F1} s");
    }

    [SkippableFact]
    public async Task An_import_canceled_at_any_command_leaves_the_database_as_it_was_and_the_next_import_succeeds()
    {
        var reference = await ReferenceImportAsync();
        await using var site = await FaultSite.CreateAsync(this);
        var before = await DatabaseState.FingerprintAsync(site.Host);
        var watch = Stopwatch.StartNew();
        var cases = 0;

        foreach (var k in CommandNumbers(reference.Commands))
        {
            using var cancel = new CancellationTokenSource();
            site.Faults.Arm();
            site.Faults.OnCommand = n =>
            {
                if (n == k)
                {
                    cancel.Cancel();
                }
            };
            var error = await Record.ExceptionAsync(() => site.Host.ImportAsync(reference.File, FromGalle, cancel.Token));
            site.Faults.Disarm();

            cases++;
            error.Should().BeAssignableTo<OperationCanceledException>($"the import was canceled at command {k} of {reference.Commands}");
            (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(before, $"a cancellation at command {k} changes nothing");
        }

        await site.Host.ImportAsync(reference.File, FromGalle);

        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(reference.After);
        output.WriteLine($"{Provider} cancellation at command k: {cases} cases, {cases} cancellations, rows lost 0, {watch.Elapsed.TotalSeconds:F1} s");
    }

    [SkippableFact]
    public async Task An_import_canceled_after_a_random_delay_is_either_complete_or_changes_nothing()
    {
        var reference = await ReferenceImportAsync();
        await using var site = await FaultSite.CreateAsync(this);
        var expected = await DatabaseState.FingerprintAsync(site.Host);
        var random = new Random(20261126);
        var watch = Stopwatch.StartNew();
        var (canceled, completed) = (0, 0);
        var quickest = reference.Duration;

        for (var i = 0; i < 40; i++)
        {
            // From before the first command to a little past the end of an import: as long as the quickest one
            // that completed, once the code is warm.
            using var cancel = new CancellationTokenSource(TimeSpan.FromTicks((long)(random.NextDouble() * 1.2 * quickest.Ticks)));
            var attempt = Stopwatch.StartNew();
            var error = await Record.ExceptionAsync(() => site.Host.ImportAsync(reference.File, FromGalle, cancel.Token));

            var after = await DatabaseState.FingerprintAsync(site.Host);
            if (error is null)
            {
                // The first import that completes does what the clean one did; a later one only counts one more sync.
                WithoutSenders(after).Should().Be(WithoutSenders(reference.After), $"case {i} completed");
                completed++;
                expected = after;
                quickest = attempt.Elapsed < quickest ? attempt.Elapsed : quickest;
            }
            else
            {
                error.Should().BeAssignableTo<OperationCanceledException>();
                after.Should().Be(expected, $"case {i} was canceled");
                canceled++;
            }
        }

        await site.Host.ImportAsync(reference.File, FromGalle);

        WithoutSenders(await DatabaseState.FingerprintAsync(site.Host)).Should().Be(WithoutSenders(reference.After));
        output.WriteLine($"{Provider} cancellation after a random delay: 40 cases, {canceled} canceled, {completed} completed, rows lost 0, {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A fingerprint without <c>sync_instance</c>, whose sync count each completed import raises.</summary>
    private static string WithoutSenders(string fingerprint) => fingerprint.Replace(FixtureLoader.Section(fingerprint, "sync_instance"), "", StringComparison.Ordinal);

    private string Provider => GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal) ? "SQLite" : "PostgreSQL";

    /// <summary>Every command number up to <see cref="EveryCommandUpTo"/>, then about as many more spread evenly to the last.</summary>
    private static IEnumerable<int> CommandNumbers(int commands)
    {
        var numbers = Enumerable.Range(1, Math.Min(commands, EveryCommandUpTo)).ToList();
        var step = (double)(commands - EveryCommandUpTo) / EveryCommandUpTo;
        for (var i = 1; step > 0 && i <= EveryCommandUpTo; i++)
        {
            numbers.Add(EveryCommandUpTo + (int)Math.Round(i * step));
        }

        return numbers.Distinct();
    }

    /// <summary>The import done once on an untouched copy: how many commands it runs, how long it takes, what it leaves.</summary>
    private async Task<ReferenceImport> ReferenceImportAsync()
    {
        await using var site = await FaultSite.CreateAsync(this);
        await DatabaseState.FingerprintAsync(site.Host); // seeds the clock, as every later attempt finds it seeded
        var file = File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv"));
        site.Faults.Arm();
        var watch = Stopwatch.StartNew();
        var report = await site.Host.ImportAsync(file, FromGalle);
        watch.Stop();
        site.Faults.Disarm();
        site.Faults.Texts.Should().Contain(t => t.StartsWith("INSERT", StringComparison.Ordinal), "the import writes rows");
        return new ReferenceImport(file, site.Faults.Seen, watch.Elapsed, report, await DatabaseState.FingerprintAsync(site.Host));
    }

    private sealed record ReferenceImport(byte[] File, int Commands, TimeSpan Duration, MergeReport Report, string After);

    /// <summary>A site holding the other site's data (the fixture's b side), with the fault interceptor on its context.</summary>
    private sealed class FaultSite : IAsyncDisposable
    {
        private FaultSite(TestDatabase database, SyncTestHost<ReliefContext> host, CommandFaults faults)
        {
            Database = database;
            Host = host;
            Faults = faults;
        }

        public TestDatabase Database { get; }

        public SyncTestHost<ReliefContext> Host { get; }

        public CommandFaults Faults { get; }

        public static async Task<FaultSite> CreateAsync(FaultTests tests)
        {
            var database = await tests.CreateDatabaseAsync();
            await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
            var faults = new CommandFaults();
            var host = new SyncTestHost<ReliefContext>(database, interceptors: faults);
            await host.CreateSchemaAsync();
            return new FaultSite(database, host, faults);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

public sealed class SqliteFaultTests(ITestOutputHelper output) : FaultTests(output)
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresFaultTests(ITestOutputHelper output) : FaultTests(output)
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
