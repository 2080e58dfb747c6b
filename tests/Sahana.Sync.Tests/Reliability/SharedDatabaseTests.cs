using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 21: several app nodes on one database, as a hub behind a load balancer runs. Each node has its own clock
/// and sees only its own writes in flight; what one node exports must still miss nothing the others commit, and a
/// version one node writes must be newer than the one it replaces, whatever the other node stamped.
/// </summary>
public abstract class SharedDatabaseTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task An_edit_on_a_node_whose_clock_lags_is_newer_than_the_version_it_replaces()
    {
        await using var hubDb = await CreateDatabaseAsync();
        await using var headDb = await CreateDatabaseAsync();
        await using var nodeA = new SyncTestHost<FieldContext>(hubDb, "hub", new TestClock(Now));
        var lagging = new TestClock(Now - TimeSpan.FromHours(1));
        await using var nodeB = new SyncTestHost<FieldContext>(hubDb, "hub", lagging);
        await using var head = new SyncTestHost<FieldContext>(headDb, "head", new TestClock(Now));
        await nodeA.CreateSchemaAsync();
        await head.CreateSchemaAsync();
        // Node B has stamped before (its clock is seeded from the database once, at its first save).
        await nodeB.EditAsync(db => db.Add(new Team { Name = "west", Uuid = "t-west" }));
        await nodeA.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));
        await head.ImportAsync(await nodeA.ExportAsync());

        await nodeB.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-north").Name = "renamed on node b");
        await head.ImportAsync(await nodeA.ExportAsync());

        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(
            await DatabaseState.SyncedRowsAsync(nodeA),
            "node b's rename replaced node a's version in the hub's database, so it must win at every peer too");
    }

    /// <summary>Node B's save is held before it commits while node A gives the head office a delta.</summary>
    protected async Task ASaveInFlightOnAnotherNodeReachesThePeerAsync()
    {
        await using var hubDb = await CreateDatabaseAsync();
        await using var headDb = await CreateDatabaseAsync();
        var gate = new TransactionGate(TransactionGate.Point.Commit);
        await using var nodeA = new SyncTestHost<FieldContext>(hubDb, "hub", TestClock.FollowingSystem());
        await using var nodeB = new SyncTestHost<FieldContext>(hubDb, "hub", TestClock.FollowingSystem(), null, gate);
        await using var head = new SyncTestHost<FieldContext>(headDb, "head", TestClock.FollowingSystem());
        await nodeA.CreateSchemaAsync();
        await head.CreateSchemaAsync();
        await nodeA.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));
        await DeltaAsync(nodeA, head);

        var held = gate.Arm();
        var save = nodeB.EditAsync(db =>
        {
            db.Teams.Single(t => t.Uuid == "t-north").Name = "renamed on node b";
            db.Add(new Team { Name = "south", Uuid = "t-south" });
        });
        await held;
        await DeltaAsync(nodeA, head);
        gate.Release();
        await save;

        await DeltaAsync(nodeA, head);
        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(
            await DatabaseState.SyncedRowsAsync(nodeA),
            "the next delta carries what another node committed after the last one's snapshot");
    }

    /// <summary>
    /// Node B's save waits for a pooled connection while node A gives the head office a delta: its stamps must not
    /// be taken before that wait, where no transaction in the database shows them.
    /// </summary>
    protected async Task ASaveWaitingForAConnectionOnAnotherNodeReachesThePeerAsync(PostgresTestDatabase hubDb)
    {
        await using var headDb = await CreateDatabaseAsync();
        await using var nodeBDb = new PooledNodeDatabase(hubDb);
        var opening = new ConnectionOpeningSignal();
        await using var nodeA = new SyncTestHost<FieldContext>(hubDb, "hub", TestClock.FollowingSystem());
        await using var nodeB = new SyncTestHost<FieldContext>(
            nodeBDb, "hub", TestClock.FollowingSystem(), null, opening);
        await using var head = new SyncTestHost<FieldContext>(headDb, "head", TestClock.FollowingSystem());
        await nodeA.CreateSchemaAsync();
        await head.CreateSchemaAsync();
        await nodeA.EditAsync(db => db.Add(new Team { Name = "north", Uuid = "t-north" }));
        await DeltaAsync(nodeA, head);

        // Node B has saved before (its first save seeds its clock, opening a connection before it stamps), and
        // reads the row first, so that its save needs a connection again.
        await nodeB.EditAsync(db => db.Add(new Team { Name = "west", Uuid = "t-west" }));
        await using var scope = nodeB.NewContext();
        var team = await scope.Context.Teams.SingleAsync(t => t.Uuid == "t-north");
        team.Name = "renamed on node b";
        var blocker = await nodeBDb.TakeTheOnlyConnectionAsync();
        var waiting = opening.Next();
        var save = scope.Context.SaveChangesAsync();
        await waiting;
        await DeltaAsync(nodeA, head);
        await blocker.DisposeAsync();
        await save;

        await DeltaAsync(nodeA, head);
        (await DatabaseState.SyncedRowsAsync(head)).Should().BeEquivalentTo(
            await DatabaseState.SyncedRowsAsync(nodeA),
            "a save stamps once it has its connection, not before waiting for one");
    }

    private static async Task DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to)
    {
        var since = await to.LastUpdateOfAsync("hub");
        await to.ImportAsync(await from.ExportAsync(new ExportOptions { ModifiedSince = since }));
    }

    /// <summary>Tells when a context next starts opening its connection.</summary>
    private sealed class ConnectionOpeningSignal : DbConnectionInterceptor
    {
        private TaskCompletionSource _opening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next()
        {
            _opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _opening.Task;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default)
        {
            _opening.TrySetResult();
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqliteSharedDatabaseTests : SharedDatabaseTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSharedDatabaseTests : SharedDatabaseTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public Task A_save_on_another_node_that_commits_after_a_delta_reaches_the_peer_in_the_next_one()
        => ASaveInFlightOnAnotherNodeReachesThePeerAsync();

    [SkippableFact]
    public async Task A_save_waiting_for_a_connection_on_another_node_reaches_the_peer_in_the_next_delta()
    {
        await using var hubDb = await PostgresTestDatabase.CreateAsync();
        await ASaveWaitingForAConnectionOnAnotherNodeReachesThePeerAsync(hubDb);
    }
}
