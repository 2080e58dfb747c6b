using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Client;

public abstract class SyncSchedulerTests : DatabaseTests
{
    [SkippableFact]
    public async Task Configured_peers_are_synced_on_the_interval_without_a_call()
    {
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 5);
        await using var colombo = await SiteAsync("col", new SiteSetup
        {
            Client = o =>
            {
                o.Peers.Add(galle.Peer);
                o.Interval = TimeSpan.FromMilliseconds(200);
            },
        });
        await Relief.RegisterAsync(colombo, "Red Cross", 5);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<string> here, there;
        do
        {
            await Task.Delay(200);
            here = await colombo.SyncedRowsAsync();
            there = await galle.SyncedRowsAsync();
        }
        while ((here.Count != 12 || !here.SequenceEqual(there)) && DateTime.UtcNow < deadline);

        there.Should().HaveCount(12).And.Equal(here);
        (await colombo.PeerRowAsync("gal"))!.Url.Should().Be(galle.Peer.BaseAddress.AbsoluteUri);
    }

    [SkippableFact]
    public async Task A_scheduled_run_is_skipped_while_another_run_with_the_peer_holds_its_lock()
    {
        var network = new CuttingHandler();
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", new SiteSetup { HttpClient = c => c.AddHttpMessageHandler(() => network) });
        var scheduler = colombo.Services.GetServices<IHostedService>().OfType<SyncScheduler>().Single();
        var locks = colombo.Services.GetRequiredService<SyncPeerLocks>();

        using (locks.TryAcquire(galle.Peer.Url, TimeSpan.FromMinutes(1)))
        {
            await scheduler.RunOnceAsync(galle.Peer, CancellationToken.None);
            network.Requests.Should().BeEmpty("the peer was busy");
        }

        await scheduler.RunOnceAsync(galle.Peer, CancellationToken.None);
        network.Requests.Should().NotBeEmpty();
        (await colombo.PeerRowAsync("gal")).Should().NotBeNull("the run pulled from galle");
    }

    [SkippableFact]
    public async Task A_scheduled_run_prunes_the_import_history_that_no_peer_needs()
    {
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 2);
        await using var colombo = await SiteAsync("col", new SiteSetup { Sync = o => o.ImportRetention = TimeSpan.Zero });
        var old = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await colombo.WithContextAsync(db =>
        {
            db.Add(new SyncImportRecord { Id = Guid.NewGuid(), StartedAt = old, FinishedAt = old, ReceivedAt = old, Summary = "" });
            return db.SaveChangesAsync();
        });
        var scheduler = colombo.Services.GetServices<IHostedService>().OfType<SyncScheduler>().Single();

        await scheduler.RunOnceAsync(galle.Peer, CancellationToken.None);

        (await colombo.WithContextAsync(db => db.Set<SyncImportRecord>().Select(r => r.Source).ToListAsync()))
            .Should().ContainSingle().Which.Should().StartWith("pull ", "only the run's own import is younger than galle's last sync");
    }

    [SkippableFact]
    public async Task A_run_that_hangs_is_cancelled_at_the_run_timeout_and_frees_the_peer()
    {
        await using var galle = await SiteAsync("gal", new SiteSetup
        {
            Pipeline = app => app.Use(async (HttpContext context, RequestDelegate next) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                await next(context);
            }),
        });
        await using var colombo = await SiteAsync("col", new SiteSetup
        {
            Client = o =>
            {
                o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
                o.RunTimeout = TimeSpan.FromSeconds(1);
            },
        });
        var started = DateTime.UtcNow;

        var hung = () => colombo.Client.SyncAsync(galle.Peer);

        await hung.Should().ThrowAsync<Exception>();
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(10));
        colombo.Services.GetRequiredService<SyncPeerLocks>().TryAcquire(galle.Peer.Url, TimeSpan.FromMinutes(1)).Should().NotBeNull();
    }

    private async Task<SyncSite> SiteAsync(string instanceId, SiteSetup? setup = null)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId, setup);
}

public sealed class SqliteSyncSchedulerTests : SyncSchedulerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncSchedulerTests : SyncSchedulerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
