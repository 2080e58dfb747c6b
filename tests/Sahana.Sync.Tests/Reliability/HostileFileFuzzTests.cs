using System.Diagnostics;
using Sahana.Sync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 7, part 4: the pydal fixtures and our own full and delta exports, broken by <see cref="Mutations"/>
/// (a seeded random per case), imported into a database holding the other site's data. Every outcome must
/// be success or a <see cref="SyncException"/>, and after a failure the database is byte for byte what it
/// was (every table, ids and sync_instance included). A success imported again changes nothing.
/// </summary>
/// <remarks>
/// SAHANA_SYNC_FUZZ_CASES and SAHANA_SYNC_FUZZ_SEED set the number of cases and the first seed, for a longer
/// run or to replay one case: <c>SAHANA_SYNC_FUZZ_CASES=50000 dotnet test tests/Sahana.Sync.Tests --filter SqliteHostileFileFuzzTests</c>.
/// </remarks>
public abstract class HostileFileFuzzTests(ITestOutputHelper output) : DatabaseTests
{
    public const string CasesVariable = "SAHANA_SYNC_FUZZ_CASES";
    public const string SeedVariable = "SAHANA_SYNC_FUZZ_SEED";

    // Small limits keep "huge" fields cheap; the defaults are tested on their own (ImportLimitTests).
    private const int FieldLimit = 4096;

    private static readonly ImportOptions Options = new() { MaxFieldLength = FieldLimit, MaxRecordLength = 4 * FieldLimit };

    /// <summary>Cases per run when the variable does not say.</summary>
    protected abstract int DefaultCases { get; }

    /// <summary>A new database holding what <paramref name="original"/> holds.</summary>
    protected abstract Task<TestDatabase> CopyAsync(TestDatabase original);

    [SkippableFact]
    public async Task Mutated_files_either_import_or_fail_with_a_SyncException_leaving_the_database_as_it_was()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), out var n) && n > 0 ? n : DefaultCases;
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var s) ? s : 20261126;
        await using var siteA = await SiteAsync("a_final.csv", "a");
        await using var siteB = await SiteAsync("b_final.csv", "b");
        (Site Target, byte[] File)[] sources =
        [
            (siteB, FixtureBytes("two-sites", "a_final.csv")),
            (siteB, FixtureBytes("two-sites-shuffled", "a_final.csv")),
            (siteB, siteA.FullExport),
            (siteB, siteA.DeltaExport),
            (siteA, FixtureBytes("two-sites", "b_final.csv")),
            (siteA, FixtureBytes("two-sites-shuffled", "b_final.csv")),
            (siteA, siteB.FullExport),
            (siteA, siteB.DeltaExport),
        ];
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var mutations = Mutations.Kinds.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        var bugs = new List<string>();
        var stopwatch = Stopwatch.StartNew();

        for (var i = 0; i < cases; i++)
        {
            var random = new Random(seed + i);
            var (target, original) = sources[random.Next(sources.Length)];
            var (file, description, applied) = Mutations.Apply(original, random, FieldLimit);
            applied.ForEach(kind => mutations[kind]++);
            var outcome = await ImportAsync(target, file, bug => bugs.Add($"seed {seed + i} ({description}): {bug}"));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{cases} cases in {stopwatch.Elapsed.TotalSeconds:F1} s (seeds {seed}..{seed + cases - 1}), rows lost 0 unless listed below");
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        output.WriteLine("mutations: " + string.Join(", ", mutations.Select(m => $"{m.Key} {m.Value}")));
        bugs.Should().BeEmpty($"every outcome is success or a SyncException and a failure changes nothing (set {SeedVariable} to a seed and {CasesVariable}=1 to replay one)");
        outcomes.Keys.Should().Contain(["success", nameof(SyncFormatException)], "the mutations reach both outcomes");
    }

    /// <summary>Imports into a copy of the target; returns the outcome's name and reports what breaks the rules.</summary>
    private async Task<string> ImportAsync(Site target, byte[] file, Action<string> bug)
    {
        // A refused file leaves the copy as the template is (checked below), so the next case may use it
        // again; only a copy that changed is replaced. On PostgreSQL a copy is a CREATE DATABASE.
        var database = target.Copy ??= await CopyAsync(target.Template);
        await using var host = new SyncTestHost<ReliefContext>(database, "dst");
        try
        {
            await host.ImportAsync(file, Options);
        }
        catch (SyncException refused)
        {
            try
            {
                if (await DatabaseState.FingerprintAsync(host) != target.Fingerprint)
                {
                    bug($"{refused.GetType().Name} ({refused.Message}) but the database changed");
                    await target.DropCopyAsync();
                }
            }
            catch (Exception e)
            {
                bug($"{refused.GetType().Name} ({refused.Message}), then the instance could not export: {e}");
                await target.DropCopyAsync();
            }

            return refused.GetType().Name;
        }
        catch (Exception e)
        {
            bug(e.ToString());
            await target.DropCopyAsync();
            return "other exception";
        }

        try
        {
            if ((await host.ImportAsync(file, Options)).HasChanges)
            {
                bug("imported, but importing it again changed the database");
            }
        }
        catch (Exception e)
        {
            bug($"imported, but importing it again threw {e}");
        }

        await host.DisposeAsync();
        await target.DropCopyAsync();
        return "success";
    }

    private async Task<Site> SiteAsync(string fixture, string instance)
    {
        var template = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(template, FixtureLoader.PathOf("two-sites", fixture));
        await using var host = new SyncTestHost<ReliefContext>(template, instance);
        await host.CreateSchemaAsync();
        var full = await host.ExportAsync();
        var delta = await host.ExportAsync(new ExportOptions { ModifiedSince = new DateTime(2009, 12, 26, 8, 0, 0, DateTimeKind.Utc) });
        return new Site(template, await DatabaseState.FingerprintAsync(host), full, delta);
    }

    private static byte[] FixtureBytes(string folder, string file) => File.ReadAllBytes(FixtureLoader.PathOf(folder, file));

    private sealed class Site(TestDatabase template, string fingerprint, byte[] fullExport, byte[] deltaExport) : IAsyncDisposable
    {
        public TestDatabase Template => template;

        public string Fingerprint => fingerprint;

        public byte[] FullExport => fullExport;

        public byte[] DeltaExport => deltaExport;

        /// <summary>Gets or sets the copy of the template the cases import into, while it is unchanged.</summary>
        public TestDatabase? Copy { get; set; }

        public async Task DropCopyAsync()
        {
            if (Copy is { } copy)
            {
                Copy = null;
                await copy.DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await DropCopyAsync();
            await template.DisposeAsync();
        }
    }
}

[Collection(LongRuns.Name)]
public sealed class SqliteHostileFileFuzzTests(ITestOutputHelper output) : HostileFileFuzzTests(output)
{
    protected override int DefaultCases => 3000;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new InMemorySqliteDatabase());

    protected override Task<TestDatabase> CopyAsync(TestDatabase original) => Task.FromResult<TestDatabase>(InMemorySqliteDatabase.CopyFrom((InMemorySqliteDatabase)original));
}

[Collection(LongRuns.Name)]
public sealed class PostgresHostileFileFuzzTests(ITestOutputHelper output) : HostileFileFuzzTests(output)
{
    // A database per case is CREATE DATABASE … TEMPLATE: a share of the SQLite run's cases, for PostgreSQL's own errors.
    protected override int DefaultCases => 200;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    protected override async Task<TestDatabase> CopyAsync(TestDatabase original) => await PostgresTestDatabase.CopyFromAsync((PostgresTestDatabase)original);
}
