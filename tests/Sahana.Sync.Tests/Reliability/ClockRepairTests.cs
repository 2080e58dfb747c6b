using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A site whose clock ran two years ahead, then was corrected: its rows are stamped in the future and every
/// peer refuses its files, until SyncClockRepair re-stamps them to now, in their order, and winds its clock back.
/// </summary>
public abstract class ClockRepairTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TwoYearsAhead = Now.AddYears(2);

    [SkippableFact]
    public async Task A_site_whose_clock_ran_ahead_is_refused_then_after_the_repair_imports_and_converges()
    {
        await using var aheadDb = await CreateDatabaseAsync();
        await using var peerDb = await CreateDatabaseAsync();
        await using var ahead = new SyncTestHost<FieldContext>(aheadDb, "ahd", new TestClock(TwoYearsAhead));
        await using var peer = new SyncTestHost<FieldContext>(peerDb, "peer", new TestClock(Now));
        await ahead.CreateSchemaAsync();
        await peer.CreateSchemaAsync();
        await EditWithWrongClockAsync(ahead);
        ahead.Time.SetUtcNow(Now);

        var refused = await ahead.ExportAsync();
        await peer.Invoking(p => p.ImportAsync(refused)).Should().ThrowAsync<SyncClockException>();
        var status = await InspectAsync(ahead);
        (status.FutureRows, status.NeedsRepair).Should().Be((3, true));
        status.Ahead.Should().BeGreaterThan(TimeSpan.FromDays(700));

        (await RepairAsync(ahead)).Should().Be(3);

        (await StampsAsync(ahead)).Should().Equal(
            ("a-2", Now.UtcDateTime.AddTicks(10)),
            ("a-3", Now.UtcDateTime.AddTicks(20)),
            ("a-1", Now.UtcDateTime.AddTicks(30)));
        (await InspectAsync(ahead)).NeedsRepair.Should().BeFalse();
        await ahead.EditAsync(db => db.Add(new Team { Name = "after the repair", Uuid = "a-4" }));
        (await StampsAsync(ahead)).Last().Should()
            .Be(("a-4", Now.UtcDateTime.AddTicks(40)), "the next save is stamped now, not two years ahead");

        await peer.ImportAsync(await ahead.ExportAsync());
        peer.Time.Advance(TimeSpan.FromMinutes(1));
        await peer.EditAsync(db => db.Teams.Single(t => t.Uuid == "a-3").Name = "edited at the peer");
        await ahead.ImportAsync(await peer.ExportAsync());

        var aheadRows = await DatabaseState.SyncedRowsAsync(ahead);
        aheadRows["team"]["a-3"]["name"].Should().Be("edited at the peer");
        aheadRows.Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(peer), o => o.WithStrictOrdering());
    }

    [SkippableFact]
    public async Task A_peer_that_had_imported_the_future_rows_repairs_the_same_way_and_deltas_converge()
    {
        await using var aheadDb = await CreateDatabaseAsync();
        await using var peerDb = await CreateDatabaseAsync();
        await using var ahead = new SyncTestHost<FieldContext>(aheadDb, "ahd", new TestClock(TwoYearsAhead));
        await using var peer = new SyncTestHost<FieldContext>(peerDb, "peer", new TestClock(TwoYearsAhead));
        await ahead.CreateSchemaAsync();
        await peer.CreateSchemaAsync();
        await EditWithWrongClockAsync(ahead);

        // The peer took the file while its clock was as wrong, so it holds the future rows and its bookmark.
        await peer.ImportAsync(await ahead.ExportAsync());
        ahead.Time.SetUtcNow(Now);
        peer.Time.SetUtcNow(Now);
        (await InspectAsync(peer)).NeedsRepair.Should().BeTrue();

        (await RepairAsync(ahead)).Should().Be(3);
        (await RepairAsync(peer)).Should().Be(3);
        ahead.Time.Advance(TimeSpan.FromMinutes(1));
        peer.Time.Advance(TimeSpan.FromMinutes(2));
        await ahead.EditAsync(db => db.Teams.Single(t => t.Uuid == "a-1").Name = "edited at ahd after the repair");
        await peer.EditAsync(db => db.Teams.Single(t => t.Uuid == "a-2").Name = "edited at the peer after the repair");

        // The peer's bookmark for ahd is two years ahead: ahd writes every row rather than none.
        await DeltaAsync(from: ahead, to: peer, sender: "ahd");
        await DeltaAsync(from: peer, to: ahead, sender: "peer");

        var peerRows = await DatabaseState.SyncedRowsAsync(peer);
        peerRows["team"]["a-1"]["name"].Should().Be("edited at ahd after the repair");
        peerRows["team"]["a-2"]["name"].Should().Be("edited at the peer after the repair");
        peerRows.Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(ahead), o => o.WithStrictOrdering());
        (await InspectAsync(ahead)).NeedsRepair.Should().BeFalse();
        (await InspectAsync(peer)).NeedsRepair.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_site_with_no_row_ahead_needs_no_repair_and_the_repair_changes_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "here", new TestClock(Now));
        await host.CreateSchemaAsync();
        await host.EditAsync(db => db.Add(new Team { Name = "on time", Uuid = "t-1" }));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var before = await DatabaseState.FingerprintAsync(host);

        var status = await InspectAsync(host);
        var restamped = await RepairAsync(host);

        (status.FutureRows, status.NewestStamp, status.NeedsRepair, restamped).Should()
            .Be((0, (DateTime?)null, false, 0));
        (await DatabaseState.FingerprintAsync(host)).Should().Be(before);
    }

    /// <summary>Three teams saved with the clock two years ahead; a-1 edited last: old order a-2, a-3, a-1.</summary>
    private static async Task EditWithWrongClockAsync(SyncTestHost<FieldContext> site)
    {
        foreach (var uuid in new[] { "a-1", "a-2", "a-3" })
        {
            site.Time.Advance(TimeSpan.FromMinutes(1));
            await site.EditAsync(db => db.Add(new Team { Name = "saved with a wrong clock", Uuid = uuid }));
        }

        site.Time.Advance(TimeSpan.FromMinutes(1));
        await site.EditAsync(db => db.Teams.Single(t => t.Uuid == "a-1").Name = "edited with a wrong clock");
    }

    private static async Task<SyncClockStatus> InspectAsync(SyncTestHost<FieldContext> site)
    {
        await using var scoped = site.NewContext();
        return await scoped.Get<SyncClockRepair>().InspectAsync();
    }

    private static async Task<int> RepairAsync(SyncTestHost<FieldContext> site)
    {
        await using var scoped = site.NewContext();
        return await scoped.Get<SyncClockRepair>().RestampFutureRowsAsync();
    }

    private static async Task<List<(string Uuid, DateTime Stamp)>> StampsAsync(SyncTestHost<FieldContext> site)
    {
        await using var scoped = site.NewContext();
        var teams = await scoped.Context.Set<Team>().OrderBy(t => t.ModifiedOn)
            .Select(t => new { t.Uuid, t.ModifiedOn }).ToListAsync();
        return teams.ConvertAll(t => (t.Uuid, DateTime.SpecifyKind(t.ModifiedOn, DateTimeKind.Utc)));
    }

    private static async Task DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to, string sender)
    {
        DateTime? since;
        await using (var scope = to.NewContext())
        {
            var peer = await scope.Context.Set<SyncInstance>().SingleOrDefaultAsync(i => i.BaseUuid == sender);
            since = peer?.LastUpdate;
        }

        await to.ImportAsync(await from.ExportAsync(new ExportOptions { ModifiedSince = since }));
    }
}

public sealed class SqliteClockRepairTests : ClockRepairTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresClockRepairTests : ClockRepairTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
