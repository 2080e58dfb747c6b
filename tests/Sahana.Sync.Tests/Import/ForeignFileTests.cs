using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// A file from another application names no table synced here: the report says so, and its sender is not
/// recorded as a peer. A pydal dump whose synced tables are empty (no columns) is not such a file.
/// </summary>
public abstract class ForeignFileTests : DatabaseTests
{
    private const string GalleHeader = "TABLE sync_instance\r\n"
        + "sync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,"
        + "sync_instance.last_update,sync_instance.sync_count\r\n"
        + "gal,Galle,<NULL>,<NULL>,2026-11-26 08:00:00,0\r\n\r\n\r\n";

    [SkippableFact]
    public async Task A_file_that_names_no_synced_table_warns_and_records_no_peer()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        var report = await host.ImportAsync(
            GalleHeader + "TABLE auth_event\r\nauth_event.id,auth_event.description\r\n1,login\r\n\r\n\r\nEND");

        report.MatchedNoSyncedTable.Should().BeTrue();
        report.Sender.Should().BeNull();
        report.ToString().Should().Contain("Warning: no table in the file is synced here");
        await using var scoped = host.NewContext();
        (await scoped.Context.Set<SyncInstance>().CountAsync())
            .Should().Be(0, "a file from another application is no peer's");
    }

    [SkippableFact]
    public async Task A_pydal_dump_whose_synced_table_is_empty_is_not_foreign()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        var report = await host.ImportAsync(GalleHeader + "TABLE pr_person\r\n\r\n\r\nEND");

        report.MatchedNoSyncedTable.Should().BeFalse("an empty table, as pydal writes it, still names a synced table");
        report.Sender!.BaseUuid.Should().Be("gal");
    }
}

public sealed class SqliteForeignFileTests : ForeignFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresForeignFileTests : ForeignFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
