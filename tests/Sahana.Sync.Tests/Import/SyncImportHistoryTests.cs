using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Issue 21: the import history is pruned, keeping what deltas need (every import received after the oldest
/// peer's last sync) and whatever is younger than <see cref="SahanaSyncOptions.ImportRetention"/>.
/// </summary>
public abstract class SyncImportHistoryTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Pruning_keeps_every_import_received_after_the_oldest_peers_last_update()
    {
        await using var database = await CreateDatabaseAsync();
        await using var hub = new SyncTestHost<FieldContext>(
            database, "hub", new TestClock(Now), o => o.ImportRetention = TimeSpan.FromDays(1));
        await hub.CreateSchemaAsync();
        await AddPeerAsync(hub, "a", Now.AddDays(-3), syncs: 4);
        await AddPeerAsync(hub, "b", Now.AddHours(-1), syncs: 9);

        // Only pushed to: no sync counted, its last_update means "never", and it holds nothing back.
        await AddPeerAsync(hub, "c", DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), syncs: 0);
        foreach (var hours in (int[])[-240, -96, -70, -48, -36, -1])
        {
            await AddImportAsync(hub, Now.AddHours(hours));
        }

        (await PruneAsync(hub)).Should().Be(2, "a's last sync, 3 days ago less the clock skew, holds the rest");
        (await ReceivedAsync(hub)).Should().Equal([.. ((int[])[-70, -48, -36, -1]).Select(h => Now.AddHours(h).UtcDateTime)]);

        await using (var scope = hub.NewContext())
        {
            await scope.Context.Set<SyncInstance>().Where(i => i.BaseUuid == "a")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastUpdate, Now.AddMinutes(-10).UtcDateTime));
        }

        (await PruneAsync(hub)).Should().Be(3, "once a has synced again, only the retention of a day holds history");
        (await ReceivedAsync(hub)).Should().Equal(Now.AddHours(-1).UtcDateTime);
    }

    [SkippableFact]
    public async Task Pruning_keeps_what_is_younger_than_the_retention_and_deletes_old_failures()
    {
        await using var database = await CreateDatabaseAsync();
        await using var hub = new SyncTestHost<FieldContext>(database, "hub", new TestClock(Now));
        await hub.CreateSchemaAsync();
        await AddPeerAsync(hub, "a", Now.AddHours(-1), syncs: 1);
        await AddImportAsync(hub, Now.AddDays(-40));
        await AddImportAsync(hub, Now.AddDays(-20));
        await using (var scope = hub.NewContext())
        {
            foreach (var days in (int[])[-31, -29])
            {
                scope.Context.Add(new SyncImportFailure
                {
                    Id = Guid.NewGuid(),
                    FailedAt = Now.AddDays(days).UtcDateTime,
                    Error = nameof(SyncFormatException),
                    Message = "days " + days,
                });
            }

            await scope.Context.SaveChangesAsync();
        }

        (await PruneAsync(hub)).Should().Be(1, "the default retention is 30 days, and the peer synced since");
        (await ReceivedAsync(hub)).Should().Equal(Now.AddDays(-20).UtcDateTime);
        await using var check = hub.NewContext();
        (await check.Context.Set<SyncImportFailure>().Select(f => f.Message).ToListAsync()).Should().Equal("days -29");
    }

    [SkippableFact]
    public async Task A_peer_that_only_pulls_and_stayed_away_past_the_retention_still_gets_what_pruned_imports_wrote()
    {
        await using var hubDb = await CreateDatabaseAsync();
        await using var headDb = await CreateDatabaseAsync();
        await using var fieldDb = await CreateDatabaseAsync();
        await using var hub = new SyncTestHost<FieldContext>(
            hubDb, "hub", new TestClock(Now), o => o.ImportRetention = TimeSpan.FromDays(1));
        await using var head = new SyncTestHost<FieldContext>(headDb, "head", new TestClock(Now));
        await using var field = new SyncTestHost<FieldContext>(fieldDb, "fld", new TestClock(Now.AddDays(-10)));
        await hub.CreateSchemaAsync();
        await head.CreateSchemaAsync();
        await field.CreateSchemaAsync();
        await hub.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));
        await head.ImportAsync(await hub.ExportAsync());

        // Written offline ten days ago; the stick reaches the hub an hour after the head office's last pull.
        await field.EditAsync(db => db.Add(new Team { Name = "written offline", Uuid = "t-field" }));
        field.Time.SetUtcNow(Now.AddHours(1));
        hub.Time.SetUtcNow(Now.AddHours(1));
        await hub.ImportAsync(await field.ExportAsync());

        // Three days on, the field office has synced again, so only the retention of a day holds the history.
        hub.Time.SetUtcNow(Now.AddDays(3));
        head.Time.SetUtcNow(Now.AddDays(3));
        await using (var scope = hub.NewContext())
        {
            await scope.Context.Set<SyncInstance>().Where(i => i.BaseUuid == "fld")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastUpdate, Now.AddDays(3).UtcDateTime));
        }

        await PruneAsync(hub);
        var since = await head.LastUpdateOfAsync("hub");
        await head.ImportAsync(await hub.ExportAsync(new ExportOptions { ModifiedSince = since }));

        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(
            await DatabaseState.SyncedRowsAsync(hub),
            "the pruned import's rows carry stamps older than the head office's bookmark; its delta must reach them");
    }

    private static async Task<int> PruneAsync(SyncTestHost<FieldContext> host)
    {
        await using var scope = host.NewContext();
        return await scope.Get<SyncImportHistory>().PruneAsync();
    }

    private static async Task<List<DateTime>> ReceivedAsync(SyncTestHost<FieldContext> host)
    {
        await using var scope = host.NewContext();
        var received = await scope.Context.Set<SyncImportRecord>().Select(r => r.ReceivedAt).ToListAsync();
        return [.. received.Order()];
    }

    private static async Task AddPeerAsync(SyncTestHost<FieldContext> host, string id, DateTimeOffset lastUpdate, int syncs)
        => await AddPeerAsync(host, id, lastUpdate.UtcDateTime, syncs);

    private static async Task AddPeerAsync(SyncTestHost<FieldContext> host, string id, DateTime lastUpdate, int syncs)
    {
        await using var scope = host.NewContext();
        scope.Context.Add(new SyncInstance { BaseUuid = id, LastUpdate = lastUpdate, SyncCount = syncs });
        await scope.Context.SaveChangesAsync();
    }

    private static async Task AddImportAsync(SyncTestHost<FieldContext> host, DateTimeOffset receivedAt)
    {
        await using var scope = host.NewContext();
        scope.Context.Add(new SyncImportRecord
        {
            Id = Guid.NewGuid(),
            StartedAt = receivedAt.UtcDateTime,
            FinishedAt = receivedAt.UtcDateTime,
            ReceivedAt = receivedAt.UtcDateTime,
            Summary = "",
        });
        await scope.Context.SaveChangesAsync();
    }
}

public sealed class SqliteSyncImportHistoryTests : SyncImportHistoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncImportHistoryTests : SyncImportHistoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
