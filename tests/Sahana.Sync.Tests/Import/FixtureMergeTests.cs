using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// The shared pydal dumps of two diverged sites: each site, loaded as pydal left it, imports the other's
/// dump and must then hold exactly expected_merged.json in the synced tables.
/// </summary>
public abstract class FixtureMergeTests : DatabaseTests
{
    [SkippableTheory]
    [InlineData("two-sites", "a_final.csv", "b_final.csv")]
    [InlineData("two-sites", "b_final.csv", "a_final.csv")]
    [InlineData("two-sites-shuffled", "a_final.csv", "b_final.csv")]
    [InlineData("two-sites-shuffled", "b_final.csv", "a_final.csv")]
    public async Task A_site_importing_the_other_sites_dump_holds_the_expected_merge(string folder, string local, string remote)
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf(folder, local));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        var report = await host.ImportAsync(File.ReadAllBytes(FixtureLoader.PathOf(folder, remote)), new ImportOptions { Sender = "othr" });

        var state = await DatabaseState.SyncedRowsAsync(host);
        state.Should().BeEquivalentTo(DatabaseState.Expected(folder), o => o.WithStrictOrdering());
        report.Skipped.Select(s => s.Table).Should().BeEquivalentTo("org_sector", "gis_config");
        report.Sender!.BaseUuid.Should().Be("othr");
        report.Sender.SyncCount.Should().Be(1);
    }

    [SkippableFact]
    public async Task Both_sites_end_identical_after_syncing_both_ways_through_their_own_exports()
    {
        await using var databaseA = await CreateDatabaseAsync();
        await using var databaseB = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(databaseA, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await FixtureLoader.LoadAsync(databaseB, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await using var a = new SyncTestHost<ReliefContext>(databaseA, "a");
        await using var b = new SyncTestHost<ReliefContext>(databaseB, "b");
        await a.CreateSchemaAsync();
        await b.CreateSchemaAsync();

        await b.ImportAsync(await a.ExportAsync());
        await a.ImportAsync(await b.ExportAsync());

        var expected = DatabaseState.Expected("two-sites");
        (await DatabaseState.SyncedRowsAsync(a)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        (await DatabaseState.SyncedRowsAsync(b)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [SkippableFact]
    public async Task A_pydal_dump_with_empty_tables_imports_every_row_it_carries()
    {
        // pydal writes a table without rows as its TABLE line and two empty lines, with no header.
        var path = FixtureLoader.PathOf("empty-tables", "a_empty.csv");
        await using var pydalSite = await CreateDatabaseAsync();
        await using var importer = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(pydalSite, path);
        await FixtureLoader.LoadAsync(importer, path);
        await using var reference = new SyncTestHost<ReliefContext>(pydalSite, "a");
        await using var host = new SyncTestHost<ReliefContext>(importer);
        await reference.CreateSchemaAsync();
        await host.CreateSchemaAsync();
        await using (var scoped = host.NewContext())
        {
            // Keep the lookup list the shelters point at; drop every synced row, children first.
            var db = scoped.Context;
            await db.Registrations.IgnoreQueryFilters().ExecuteDeleteAsync();
            await db.Shelters.IgnoreQueryFilters().ExecuteDeleteAsync();
            await db.People.IgnoreQueryFilters().ExecuteDeleteAsync();
            await db.Organisations.IgnoreQueryFilters().ExecuteDeleteAsync();
        }

        var report = await host.ImportAsync(File.ReadAllBytes(path), new ImportOptions { Sender = "a" });

        (await DatabaseState.SyncedRowsAsync(host)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(reference), o => o.WithStrictOrdering());
        report.Tables.Select(t => t.Table).Should().NotContain("cr_shelter_registration", "an empty table carries nothing to merge");
        report.Tables.Sum(t => t.Inserted).Should().Be(report.Tables.Sum(t => t.Rows)).And.BeGreaterThan(0);
        report.Skipped.Select(s => s.Table).Should().BeEquivalentTo(["org_sector"], "the empty gis_config section carries nothing to skip");
    }

    [SkippableFact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var file = File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv"));
        var first = await host.ImportAsync(file);
        var before = await DatabaseState.FingerprintAsync(host);

        var second = await host.ImportAsync(file);

        first.HasChanges.Should().BeTrue();
        second.HasChanges.Should().BeFalse();
        second.Tables.Sum(t => t.Inserted + t.Updated + t.Tombstones).Should().Be(0);
        second.Tables.Sum(t => t.Unchanged + t.OlderSkipped).Should().Be(first.Tables.Sum(t => t.Rows), "every version in the file is now either here or older than what is here");
        (await DatabaseState.FingerprintAsync(host)).Should().Be(before);
    }
}

public sealed class SqliteFixtureMergeTests : FixtureMergeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresFixtureMergeTests : FixtureMergeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
