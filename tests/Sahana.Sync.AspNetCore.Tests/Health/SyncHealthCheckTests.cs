using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Health;

/// <summary>AddSahanaSyncHealthChecks(): peers synced too long ago, and the scheduler's last failed run.</summary>
public abstract class SyncHealthCheckTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_peer_synced_within_the_allowed_age_is_healthy_and_named_with_its_last_sync()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", HealthChecks(o => o.MaxSyncAge = TimeSpan.FromHours(1)));
        (await CheckAsync(colombo)).Status.Should().Be(HealthStatus.Healthy, "no peer yet, none overdue");

        var before = DateTime.UtcNow;
        await colombo.Client.SyncAsync(galle.Peer);
        var result = await CheckAsync(colombo);

        result.Status.Should().Be(HealthStatus.Healthy);
        result.Data.Should().ContainKey("gal").WhoseValue.Should().BeOfType<DateTime>()
            .Which.Should().BeOnOrAfter(before.AddSeconds(-1)).And.BeOnOrBefore(DateTime.UtcNow.AddSeconds(1));
        result.Description.Should().Contain("1 peer");
    }

    [SkippableFact]
    public async Task A_peer_not_synced_within_the_allowed_age_is_unhealthy_until_the_next_sync()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", HealthChecks(o => o.MaxSyncAge = TimeSpan.FromHours(1)));
        await colombo.Client.SyncAsync(galle.Peer);
        var twoHoursAgo = DateTime.UtcNow.AddHours(-2);
        await colombo.WithContextAsync(db => db.Set<SyncImportRecord>()
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, twoHoursAgo)));

        var stale = await CheckAsync(colombo);
        stale.Status.Should().Be(HealthStatus.Unhealthy);
        stale.Description.Should().Contain("'gal' last synced at").And.Contain("01:00:00");
        stale.Data["gal"].Should().BeOfType<DateTime>().Which.Should().BeCloseTo(twoHoursAgo, TimeSpan.FromSeconds(1));

        await colombo.Client.SyncAsync(galle.Peer);
        (await CheckAsync(colombo)).Status.Should().Be(HealthStatus.Healthy, "the peer synced again");
    }

    [SkippableFact]
    public async Task The_scheduler_s_failed_last_run_degrades_the_check_until_a_run_succeeds()
    {
        await using var galle = await SiteAsync("gal");
        var peer = new SyncPeer(galle.Peer.BaseAddress, "Galle") { InstanceId = "kan" };
        await using var colombo = await SiteAsync("col", HealthChecks(o => o.MaxSyncAge = TimeSpan.FromHours(1), peer));
        var scheduler = colombo.Services.GetServices<IHostedService>().OfType<SyncScheduler>().Single();

        await scheduler.RunOnceAsync(peer, CancellationToken.None);
        var failed = await CheckAsync(colombo);
        failed.Status.Should().Be(HealthStatus.Degraded, "retried on the next tick; the peer is not overdue");
        failed.Description.Should().Contain("Last scheduled run failed: 'kan'").And.Contain("SyncSenderException");
        failed.Data.Should().ContainKey("kan.last_run")
            .WhoseValue.Should().BeOfType<string>().Which.Should().StartWith("failed at ");
        failed.Data.Should().Contain("kan", "never");

        peer.InstanceId = "gal";
        await scheduler.RunOnceAsync(peer, CancellationToken.None);
        var recovered = await CheckAsync(colombo);
        recovered.Status.Should().Be(HealthStatus.Healthy);
        recovered.Data.Should().ContainKey("gal").And.NotContainKey("gal.last_run");
    }

    [SkippableFact]
    public async Task A_failed_run_reports_the_configured_status()
    {
        await using var galle = await SiteAsync("gal");
        var peer = new SyncPeer(galle.Peer.BaseAddress, "Galle") { InstanceId = "kan" };
        await using var colombo = await SiteAsync(
            "col", HealthChecks(o => o.FailedRunStatus = HealthStatus.Unhealthy, peer));
        var scheduler = colombo.Services.GetServices<IHostedService>().OfType<SyncScheduler>().Single();

        await scheduler.RunOnceAsync(peer, CancellationToken.None);

        (await CheckAsync(colombo)).Status.Should().Be(HealthStatus.Unhealthy);
    }

    private static SiteSetup HealthChecks(Action<SyncHealthCheckOptions> configure, SyncPeer? scheduled = null) => new()
    {
        Services = services => services.AddHealthChecks().AddSahanaSyncHealthChecks(configure),
        Client = o =>
        {
            if (scheduled is not null)
            {
                // Runs only when the test calls RunOnceAsync: the first tick is an hour away.
                o.Peers.Add(scheduled);
                o.Interval = TimeSpan.FromHours(1);
                o.Retries = 0;
            }
        },
    };

    private static async Task<HealthReportEntry> CheckAsync(SyncSite site)
        => (await site.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["sahana_sync"];

    private async Task<SyncSite> SiteAsync(string instanceId, SiteSetup? setup = null)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId, setup);
}

public sealed class SqliteSyncHealthCheckTests : SyncHealthCheckTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncHealthCheckTests : SyncHealthCheckTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
