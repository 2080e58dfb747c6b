using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A hub passes on what it imported from a third instance. An imported row keeps its sender's stamp, which
/// may be older than what the hub's other peer last received: a delta asked from that peer's
/// <c>last_update</c> must still carry it.
/// </summary>
public abstract class RelayTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_delta_carries_rows_the_hub_imported_after_the_last_sync_with_older_stamps()
    {
        await using var hubDb = await CreateDatabaseAsync();
        await using var headDb = await CreateDatabaseAsync();
        await using var fieldDb = await CreateDatabaseAsync();
        await using var hub = new SyncTestHost<FieldContext>(hubDb, "hub", new TestClock(Now));
        await using var head = new SyncTestHost<FieldContext>(headDb, "head", new TestClock(Now));
        await using var field = new SyncTestHost<FieldContext>(fieldDb, "fld", new TestClock(Now));
        foreach (var site in new[] { hub, head, field })
        {
            await site.CreateSchemaAsync();
        }

        // The field office writes at 9:00 and stays offline; hub and head office sync at 10:00.
        await field.EditAsync(db => db.Add(new Team { Name = "written offline at 9:00", Uuid = "field-team" }));
        hub.Time.Advance(TimeSpan.FromHours(1));
        head.Time.Advance(TimeSpan.FromHours(1));
        await hub.EditAsync(db => db.Add(new Team { Name = "hub, 10:00", Uuid = "hub-team" }));
        await DeltaAsync(from: hub, to: head);

        // At 11:00 the field office's stick reaches the hub; then the head office asks the hub for news.
        hub.Time.Advance(TimeSpan.FromHours(1));
        head.Time.Advance(TimeSpan.FromHours(1));
        await hub.ImportAsync(await field.ExportAsync());
        var rows = await DeltaAsync(from: hub, to: head);

        rows.Should().Contain("field-team", "the row reached the hub after the head office's last sync, though its stamp is older");
        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(hub));
    }

    [SkippableFact]
    public async Task A_delta_reaches_back_only_for_imports_after_the_peer_last_synced()
    {
        await using var hubDb = await CreateDatabaseAsync();
        await using var fieldDb = await CreateDatabaseAsync();
        await using var hub = new SyncTestHost<FieldContext>(hubDb, "hub", new TestClock(Now));
        await using var field = new SyncTestHost<FieldContext>(fieldDb, "fld", new TestClock(Now));
        await hub.CreateSchemaAsync();
        await field.CreateSchemaAsync();
        await field.EditAsync(db => db.Add(new Team { Name = "old", Uuid = "field-team" }));
        hub.Time.Advance(TimeSpan.FromHours(1));
        await hub.ImportAsync(await field.ExportAsync());

        hub.Time.Advance(TimeSpan.FromHours(1));
        var since = hub.Time.GetUtcNow().UtcDateTime;
        hub.Time.Advance(TimeSpan.FromMinutes(1));
        await hub.EditAsync(db => db.Add(new Team { Name = "new", Uuid = "hub-team" }));

        var text = System.Text.Encoding.UTF8.GetString(await hub.ExportAsync(new ExportOptions { ModifiedSince = since }));
        text.Should().Contain("hub-team").And.NotContain("field-team", "that import came before the delta's start");
    }

    private static async Task<List<string>> DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to, string sender = "hub")
    {
        DateTime? since;
        await using (var scope = to.NewContext())
        {
            since = (await scope.Context.Set<SyncInstance>().SingleOrDefaultAsync(i => i.BaseUuid == sender))?.LastUpdate;
        }

        var file = await from.ExportAsync(new ExportOptions { ModifiedSince = since });
        var text = System.Text.Encoding.UTF8.GetString(file);
        await to.ImportAsync(file);
        return [.. new[] { "field-team", "hub-team" }.Where(text.Contains)];
    }
}

public sealed class SqliteRelayTests : RelayTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresRelayTests : RelayTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
