using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Model;

/// <summary>
/// <c>FilterDeletedSyncRows()</c> hides tombstones from the host's queries, while the export, the import and the
/// clock still see them.
/// </summary>
public abstract class DeletedRowsFilterTests : DatabaseTests
{
    [SkippableFact]
    public async Task Tombstones_are_hidden_from_the_host_and_still_travel_and_merge()
    {
        await using var database = await CreateDatabaseAsync();
        await using var otherDatabase = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FilteredFieldContext>(database, "col");
        await using var other = new SyncTestHost<FilteredFieldContext>(otherDatabase, "gal");
        await host.CreateSchemaAsync();
        await other.CreateSchemaAsync();
        await host.EditAsync(db => db.Teams.AddRange(
            new Team { Name = "kept", Uuid = "t-1" }, new Team { Name = "removed", Uuid = "t-2" }));
        await other.ImportAsync(await host.ExportAsync());
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.EditAsync(db => db.Teams.Remove(db.Teams.Single(t => t.Uuid == "t-2")));

        await using (var scoped = host.NewContext())
        {
            (await scoped.Context.Teams.Select(t => t.Uuid).ToListAsync()).Should().Equal("t-1");
            var all = scoped.Context.Teams.IgnoreQueryFilters([SahanaSyncModelBuilderExtensions.DeletedRowsFilter]);
            (await all.CountAsync()).Should().Be(2);
        }

        var file = Encoding.UTF8.GetString(await host.ExportAsync());
        file.Should().Contain("t-2", "the tombstone travels");
        other.Time.Advance(TimeSpan.FromMinutes(2));
        var report = await other.ImportAsync(Encoding.UTF8.GetBytes(file));

        report.Tables.Single(t => t.Table == "team").Tombstones.Should().Be(1);
        await using (var scoped = other.NewContext())
        {
            (await scoped.Context.Teams.Select(t => t.Uuid).ToListAsync()).Should().Equal("t-1");
        }

        // An edit newer than the tombstone brings the row back, on a site whose queries never see the tombstone.
        await using (var scoped = other.NewContext())
        {
            var removed = await scoped.Context.Teams.IgnoreQueryFilters().SingleAsync(t => t.Uuid == "t-2");
            removed.Deleted = false;
            removed.Name = "back";
            await scoped.Context.SaveChangesAsync();
        }

        host.Time.Advance(TimeSpan.FromMinutes(5));
        var back = await host.ImportAsync(await other.ExportAsync());
        back.Tables.Single(t => t.Table == "team").Updated.Should().Be(1);
        await using (var scoped = host.NewContext())
        {
            (await scoped.Context.Teams.OrderBy(t => t.Uuid).Select(t => t.Name).ToListAsync())
                .Should().Equal("kept", "back");
        }
    }
}

public sealed class SqliteDeletedRowsFilterTests : DeletedRowsFilterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresDeletedRowsFilterTests : DeletedRowsFilterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
