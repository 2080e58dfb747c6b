using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Two different uuids whose hashes collide, as two uuids crafted against a known hash would: each keeps its
/// row, in one file as in separate ones, and the sites converge. The import is given a hash that makes every
/// uuid collide; the index compares the text on every hit.
/// </summary>
public abstract class UuidCollisionTests : DatabaseTests
{
    private static readonly ImportOptions Colliding = new() { UuidHash = _ => 7 };

    [SkippableFact]
    public async Task Two_colliding_uuids_in_one_file_keep_a_row_each_and_the_older_is_not_dropped()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = new SyncTestHost<FieldContext>(database, "here");
        await site.CreateSchemaAsync();

        var report = await site.ImportAsync(
            "TABLE team\r\nteam.id,team.name,team.uuid,team.deleted,team.modified_on\r\n"
            + "1,the newer team,uuid-one,False,2026-11-26 08:00:00\r\n"
            + "2,the older team,uuid-two,False,2026-11-26 07:00:00\r\n\r\nEND\r\n",
            new ImportOptions { Sender = "a", UuidHash = Colliding.UuidHash });

        var team = report.Tables.Single(t => t.Table == "team");
        (team.Inserted, team.OlderSkipped).Should().Be((2, 0));
        var rows = (await DatabaseState.SyncedRowsAsync(site))["team"];
        rows.Keys.Should().Equal("uuid-one", "uuid-two");
        rows["uuid-two"]["name"].Should().Be("the older team");
    }

    [SkippableFact]
    public async Task Two_sites_that_got_colliding_uuids_in_separate_files_converge()
    {
        await using var northDb = await CreateDatabaseAsync();
        await using var southDb = await CreateDatabaseAsync();
        await using var north = new SyncTestHost<FieldContext>(northDb, "n");
        await using var south = new SyncTestHost<FieldContext>(southDb, "s");
        await north.CreateSchemaAsync();
        await south.CreateSchemaAsync();
        await north.EditAsync(db => db.Add(new Team { Name = "made in the north, earlier", Uuid = "uuid-north" }));
        north.Time.Advance(TimeSpan.FromMinutes(1));
        south.Time.Advance(TimeSpan.FromMinutes(2));
        await south.EditAsync(db => db.Add(new Team { Name = "made in the south, later", Uuid = "uuid-south" }));

        // The north gets the south's team alone; the south then gets both in the north's file, colliding.
        await north.ImportAsync(await south.ExportAsync(), Colliding);
        var report = await south.ImportAsync(await north.ExportAsync(), Colliding);
        await north.ImportAsync(await south.ExportAsync(), Colliding);

        report.Tables.Single(t => t.Table == "team").Inserted.Should().Be(1, "the north's older team is another uuid, not an older version");
        var northRows = await DatabaseState.SyncedRowsAsync(north);
        northRows["team"].Keys.Should().Equal("uuid-north", "uuid-south");
        (await DatabaseState.SyncedRowsAsync(south)).Should().BeEquivalentTo(northRows);
    }
}

public sealed class SqliteUuidCollisionTests : UuidCollisionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresUuidCollisionTests : UuidCollisionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
