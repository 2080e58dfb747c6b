using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Model;

/// <summary>
/// docs/format.md, "web2py names": a model with C# property names and EFCore.NamingConventions' snake_case
/// exchanges files with pydal sites: the same headers, bytes and merge as a model mapped column by column.
/// </summary>
public abstract class Web2pyNamesTests : DatabaseTests
{
    private static readonly string[] SyncedTables = ["org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration"];

    [SkippableFact]
    public async Task A_snake_case_model_exports_the_bytes_pydal_wrote()
    {
        await using var database = await CreateDatabaseAsync();
        var path = FixtureLoader.PathOf("two-sites", "a_final.csv");
        await FixtureLoader.LoadAsync(database, path);
        await using var host = new SyncTestHost<SnakeCaseReliefContext>(database);
        await host.CreateSchemaAsync();

        var exported = await DatabaseState.ExportAsync(host);

        var pydal = FixtureLoader.ReadText(path);
        foreach (var table in SyncedTables)
        {
            FixtureLoader.Section(exported, table).Should().Be(FixtureLoader.Section(pydal, table), $"{table} has pydal's names and bytes");
        }
    }

    [SkippableFact]
    public async Task A_snake_case_model_imports_a_pydal_dump_into_the_expected_merge()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<SnakeCaseReliefContext>(database);
        await host.CreateSchemaAsync();

        var report = await host.ImportAsync(File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "b_final.csv")), new ImportOptions { Sender = "b" });

        (await DatabaseState.SyncedRowsAsync(host)).Should().BeEquivalentTo(DatabaseState.Expected("two-sites"), o => o.WithStrictOrdering());
        report.Skipped.Where(s => s.Column is not null).Should().BeEmpty("every column of pydal's header is known by its web2py name");
    }
}

public sealed class SqliteWeb2pyNamesTests : Web2pyNamesTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresWeb2pyNamesTests : Web2pyNamesTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
