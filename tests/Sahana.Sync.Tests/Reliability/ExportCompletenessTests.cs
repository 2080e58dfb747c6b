using System.Transactions;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 16, item 1: a committed row reaches every peer through deltas, whatever the interleaving with exports.
/// A save or an import that took its stamps before an export and commits after its snapshot is not in that file;
/// the next delta, asked from the file's <c>last_update</c>, must carry it. It used to start after the row's stamp.
/// </summary>
public abstract class ExportCompletenessTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public Task A_save_held_before_its_transaction_begins_reaches_the_peer_in_the_next_delta()
        => SaveStraddlesAnExportAsync(TransactionGate.Point.Start);

    [SkippableFact]
    public Task An_import_held_before_its_transaction_begins_reaches_the_peer_in_the_next_delta()
        => ImportStraddlesAnExportAsync(TransactionGate.Point.Start);

    [SkippableFact]
    public async Task Bookmarks_are_the_export_timestamps_again_once_no_write_is_in_flight()
    {
        await using var hubDb = await CreateDatabaseAsync();
        var gate = new TransactionGate(TransactionGate.Point.Start);
        await using var hub = new SyncTestHost<FieldContext>(hubDb, "hub", new TestClock(Now), null, gate);
        await hub.CreateSchemaAsync();
        await hub.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));

        var held = gate.Arm();
        var save = hub.EditAsync(db => db.Add(new Team { Name = "south", Uuid = "t-south" }));
        await held;
        var during = await ExportResultAsync(hub);
        gate.Release();
        await save;
        var after = await ExportResultAsync(hub);
        var stamps = await StampsAsync(hub);

        during.Timestamp.Should().BeBefore(stamps["t-south"], "the held save's stamp is in flight: the bookmark reaches back before it");
        after.Timestamp.Should().BeAfter(stamps.Values.Max(), "nothing is in flight: the bookmark is the export's own timestamp");
    }

    /// <summary>The hub saves a rename; before its transaction commits, the head office takes a delta from the hub.</summary>
    protected async Task SaveStraddlesAnExportAsync(TransactionGate.Point heldAt)
    {
        var gate = new TransactionGate(heldAt);
        await using var sites = await HubAndHeadAsync(gate);
        var (hub, head) = (sites.Hub, sites.Head);

        var held = gate.Arm();
        var save = hub.EditAsync(db =>
        {
            // Two statements, so EF saves them in a transaction of its own.
            db.Teams.Single(t => t.Uuid == "t-north").Name = "renamed while the head office synced";
            db.Add(new Team { Name = "south", Uuid = "t-south" });
        });
        await held;
        hub.Time.Advance(TimeSpan.FromMinutes(1));
        await DeltaAsync(hub, head);
        gate.Release();
        await save;

        await DeltaAsync(hub, head);
        (await NameAsync(head, "t-north")).Should().Be("renamed while the head office synced", "the next delta carries a save that committed after the last one's snapshot");
        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(hub));
    }

    /// <summary>The hub imports a field office's file; before it commits, the head office takes a delta from the hub.</summary>
    protected async Task ImportStraddlesAnExportAsync(TransactionGate.Point heldAt)
    {
        var gate = new TransactionGate(heldAt);
        await using var sites = await HubAndHeadAsync(gate);
        var (hub, head) = (sites.Hub, sites.Head);
        await using var fieldDb = await CreateDatabaseAsync();
        await using var field = new SyncTestHost<FieldContext>(fieldDb, "fld", new TestClock(Now));
        await field.CreateSchemaAsync();
        await field.EditAsync(db => db.Add(new Team { Name = "written offline", Uuid = "t-field" }));
        var stick = await field.ExportAsync();
        hub.Time.Advance(TimeSpan.FromMinutes(5));

        var held = gate.Arm();
        var import = hub.ImportAsync(stick);
        await held;
        hub.Time.Advance(TimeSpan.FromMinutes(1));
        await DeltaAsync(hub, head);
        gate.Release();
        await import;

        await DeltaAsync(hub, head);
        (await NameAsync(head, "t-field")).Should().Be("written offline", "the next delta carries what an import committed after the last one's snapshot");
        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(hub));
    }

    protected async Task<Sites> HubAndHeadAsync(TransactionGate gate)
    {
        var hubDb = await CreateDatabaseAsync();
        var headDb = await CreateDatabaseAsync();
        var hub = new SyncTestHost<FieldContext>(hubDb, "hub", new TestClock(Now), null, gate);
        var head = new SyncTestHost<FieldContext>(headDb, "head", new TestClock(Now));
        var sites = new Sites(hubDb, headDb, hub, head);
        await hub.CreateSchemaAsync();
        await head.CreateSchemaAsync();
        await hub.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));
        await DeltaAsync(hub, head);
        return sites;
    }

    /// <summary>The head office asks the hub for what changed since the hub's last file there, and imports it.</summary>
    protected static async Task DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to, string sender = "hub")
    {
        var since = await to.LastUpdateOfAsync(sender);
        await to.ImportAsync(await from.ExportAsync(new ExportOptions { ModifiedSince = since }));
    }

    protected static async Task<string?> NameAsync(SyncTestHost<FieldContext> site, string uuid)
    {
        await using var scope = site.NewContext();
        return await scope.Context.Teams.Where(t => t.Uuid == uuid).Select(t => t.Name).SingleOrDefaultAsync();
    }

    protected static async Task<ExportResult> ExportResultAsync(SyncTestHost<FieldContext> site)
    {
        await using var scope = site.NewContext();
        return await scope.Get<SyncExporter>().ExportAsync(Stream.Null);
    }

    protected static async Task<Dictionary<string, DateTime>> StampsAsync(SyncTestHost<FieldContext> site)
    {
        await using var scope = site.NewContext();
        var rows = await scope.Context.Teams.Select(t => new { t.Uuid, t.ModifiedOn }).ToListAsync();
        return rows.ToDictionary(r => r.Uuid, r => DateTime.SpecifyKind(r.ModifiedOn, DateTimeKind.Utc));
    }

    protected sealed record Sites(TestDatabase HubDb, TestDatabase HeadDb, SyncTestHost<FieldContext> Hub, SyncTestHost<FieldContext> Head) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            await Head.DisposeAsync();
            await HubDb.DisposeAsync();
            await HeadDb.DisposeAsync();
        }
    }
}

public sealed class SqliteExportCompletenessTests : ExportCompletenessTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

/// <summary>
/// On PostgreSQL an export's snapshot runs beside writers, so a write can also be caught after its rows are
/// written and before its commit; on SQLite that writer holds the database's write lock and the export waits.
/// </summary>
public sealed class PostgresExportCompletenessTests : ExportCompletenessTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public Task A_save_held_before_its_commit_reaches_the_peer_in_the_next_delta()
        => SaveStraddlesAnExportAsync(TransactionGate.Point.Commit);

    [SkippableFact]
    public Task An_import_held_before_its_commit_reaches_the_peer_in_the_next_delta()
        => ImportStraddlesAnExportAsync(TransactionGate.Point.Commit);

    [SkippableFact]
    public async Task A_save_in_the_hosts_own_transaction_reaches_the_peer_once_it_commits()
    {
        var gate = new TransactionGate(TransactionGate.Point.Start);
        await using var sites = await HubAndHeadAsync(gate);
        var (hub, head) = (sites.Hub, sites.Head);

        await using (var scope = hub.NewContext())
        {
            await using var transaction = await scope.Context.Database.BeginTransactionAsync();
            (await scope.Context.Teams.SingleAsync(t => t.Uuid == "t-north")).Name = "saved, committed later";
            await scope.Context.SaveChangesAsync();
            await DeltaAsync(hub, head);
            await transaction.CommitAsync();
        }

        await DeltaAsync(hub, head);
        (await NameAsync(head, "t-north")).Should().Be("saved, committed later");
    }

    [SkippableFact]
    public async Task A_save_in_an_ambient_transaction_scope_reaches_the_peer_once_it_completes()
    {
        var gate = new TransactionGate(TransactionGate.Point.Start);
        await using var sites = await HubAndHeadAsync(gate);
        var (hub, head) = (sites.Hub, sites.Head);

        using (var ambient = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await using var scope = hub.NewContext();
            (await scope.Context.Teams.SingleAsync(t => t.Uuid == "t-north")).Name = "saved in a scope";
            await scope.Context.SaveChangesAsync();
            using (new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled))
            {
                await DeltaAsync(hub, head);
            }

            ambient.Complete();
        }

        await DeltaAsync(hub, head);
        (await NameAsync(head, "t-north")).Should().Be("saved in a scope");
    }
}
