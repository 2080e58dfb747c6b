using System.Diagnostics;
using Npgsql;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The import and the export run their own SQL, but through EF Core's command interception: a host that
/// audits or traces its commands with an <c>IDbCommandInterceptor</c> sees every one of ours as well.
/// </summary>
public abstract class HostInterceptorTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_host_command_interceptor_sees_the_commands_of_an_import_and_of_an_export()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        var seen = new CommandFaults();
        await using var host = new SyncTestHost<ReliefContext>(database, interceptors: seen);
        await host.CreateSchemaAsync();

        seen.Arm();
        await host.ImportAsync(File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv")), new ImportOptions { Sender = "gal" });
        // Quoted on SQLite, bare on PostgreSQL where no quotes are needed.
        var imported = seen.Texts.Select(t => t.Replace("\"", "", StringComparison.Ordinal)).ToList();
        seen.Arm();
        await host.ExportAsync();
        var exported = seen.Texts.Select(t => t.Replace("\"", "", StringComparison.Ordinal)).ToList();
        seen.Disarm();

        foreach (var table in new[] { "org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration" })
        {
            imported.Should().Contain(t => t.StartsWith($"INSERT INTO {table} ", StringComparison.Ordinal) || t.StartsWith($"UPDATE {table} ", StringComparison.Ordinal), $"the import's writes to {table} run through EF");
            imported.Should().Contain(t => t.StartsWith("SELECT ", StringComparison.Ordinal) && t.Contains($"FROM {table} t", StringComparison.Ordinal), $"the import's look-ups in {table} run through EF");
            exported.Should().Contain(t => t.Contains($"FROM {table} t", StringComparison.Ordinal), $"the export's read of {table} runs through EF");
        }

        imported.Should().Contain(t => t.Contains("sync_instance", StringComparison.Ordinal), "the sender's record is written through EF too");
    }
}

public sealed class SqliteHostInterceptorTests : HostInterceptorTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresHostInterceptorTests : HostInterceptorTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    /// <summary>
    /// Npgsql traces every command it sends (an <see cref="Activity"/> of its source "Npgsql"), whoever sends
    /// it: as many commands reach the database during an import as the host's interceptor saw.
    /// </summary>
    [SkippableFact]
    public async Task Every_command_an_import_sends_to_the_database_passed_the_host_interceptor()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        var seen = new CommandFaults();
        await using var host = new SyncTestHost<ReliefContext>(database, interceptors: seen);
        await host.CreateSchemaAsync();
        await DatabaseState.FingerprintAsync(host); // seeds the clock
        var name = new NpgsqlConnectionStringBuilder(((PostgresTestDatabase)database).ConnectionString).Database;
        var sent = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                // Commands only: opening a physical connection is traced too.
                if (Equals(activity.GetTagItem("db.namespace"), name) && activity.GetTagItem("db.query.text") is string text)
                {
                    lock (sent)
                    {
                        sent.Add(text);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        seen.Arm();
        await host.ImportAsync(File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv")), new ImportOptions { Sender = "gal" });
        seen.Disarm();

        sent.Should().NotBeEmpty("Npgsql traces the commands it sends");
        sent.Should().BeEquivalentTo(seen.Texts, "every command the import sent went through the host's interceptors");
    }
}
