using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Client;

/// <summary>
/// Issue 21: several nodes of one instance (separate hosts) on one PostgreSQL database sync a peer one run at a
/// time, whether the scheduler or the host calls, and a lease left by a node that died lapses at its expiry.
/// SQLite is a single node's database, so these run on PostgreSQL only.
/// </summary>
public sealed class PostgresSyncClusterLeasesTests : DatabaseTests
{
    private int _inFlight;
    private int _mostInFlight;
    private int _requests;

    [SkippableFact]
    public async Task Nodes_on_one_database_never_sync_the_same_peer_at_once()
    {
        await using var galle = await PeerAsync();
        await Relief.RegisterAsync(galle, "Sarvodaya", 5);
        var database = await CreateDatabaseAsync();
        var nodes = new List<SyncSite> { await SyncSite.StartAsync(database, "col") };
        try
        {
            for (var i = 1; i < 3; i++)
            {
                nodes.Add(await SyncSite.StartAsync(new SharedDatabase(database), "col"));
            }

            await Relief.RegisterAsync(nodes[0], "Red Cross", 5);
            var runs = nodes.SelectMany(node => new Func<Task>[]
            {
                () => node.Client.SyncAsync(galle.Peer),
                () => SchedulerOf(node).RunOnceAsync(galle.Peer, CancellationToken.None),
                () => node.Client.PushAsync(galle.Peer),
            });

            await Task.WhenAll(runs.Select(Task.Run));

            _requests.Should().BeGreaterThan(8, "every node's own calls ran, one after another");
            _mostInFlight.Should().Be(1, "a run's requests follow each other, and no two runs with galle overlapped");
            (await LeasesAsync(nodes[0])).Should().Be(0, "every run released its lease");
            (await galle.SyncedRowsAsync()).Should().Equal(await nodes[0].SyncedRowsAsync()).And.HaveCount(12);
        }
        finally
        {
            foreach (var node in Enumerable.Reverse(nodes))
            {
                await node.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_lease_held_by_a_live_node_skips_the_run_and_one_left_by_a_dead_node_lapses()
    {
        await using var galle = await PeerAsync();
        await Relief.RegisterAsync(galle, "Sarvodaya", 3);
        await using var colombo = await SyncSite.StartAsync(await CreateDatabaseAsync(), "col");
        var scheduler = SchedulerOf(colombo);
        var url = galle.Peer.Url;
        await colombo.WithContextAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO sync_lease (name, holder, acquired_at, expires_at) VALUES ({url}, 'node-b', now(), now() + interval '1 hour')"));

        await scheduler.RunOnceAsync(galle.Peer, CancellationToken.None);

        _requests.Should().Be(0, "node b holds the lease on galle");
        (await colombo.PeerRowAsync("gal")).Should().BeNull();

        // Node b died mid-run: nothing released its lease, which has lapsed.
        await colombo.WithContextAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE sync_lease SET expires_at = clock_timestamp() - interval '1 second' WHERE name = {url}"));

        await scheduler.RunOnceAsync(galle.Peer, CancellationToken.None);

        _requests.Should().BeGreaterThan(0);
        (await colombo.PeerRowAsync("gal")).Should().NotBeNull("the run took the lapsed lease and pulled from galle");
        (await LeasesAsync(colombo)).Should().Be(0, "the run released the lease it took");
    }

    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    private static SyncScheduler SchedulerOf(SyncSite site)
        => site.Services.GetServices<IHostedService>().OfType<SyncScheduler>().Single();

    private static Task<int> LeasesAsync(SyncSite site)
        => site.WithContextAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM sync_lease").SingleAsync());

    /// <summary>Galle, counting the requests it is serving at once; each waits a little, so overlapping runs would show.</summary>
    private async Task<SyncSite> PeerAsync() => await SyncSite.StartAsync(await CreateDatabaseAsync(), "gal", new SiteSetup
    {
        Pipeline = app => app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            Interlocked.Increment(ref _requests);
            var now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
            {
            }

            try
            {
                await Task.Delay(50, context.RequestAborted);
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }),
    });
}
