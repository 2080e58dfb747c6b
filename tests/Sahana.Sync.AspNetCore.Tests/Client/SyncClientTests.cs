using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Client;

/// <summary>Two real instances on loopback ports syncing through SyncClient.</summary>
public abstract class SyncClientTests : DatabaseTests
{
    [SkippableFact]
    public async Task Two_instances_that_changed_data_on_both_sides_are_identical_after_one_sync()
    {
        await using var colombo = await SiteAsync("col");
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(colombo, "Red Cross", 20);
        await Relief.RegisterAsync(galle, "Sarvodaya", 15);
        await galle.EditAsync(db => { db.GisConfigs.Add(new GisConfig { Name = "galle map", Zoom = 9 }); return Task.CompletedTask; });

        var exchange = await colombo.Client.SyncAsync(galle.Peer);

        exchange.Pull.Should().Match<SyncTransfer>(t => t.PeerId == "gal" && t.Since == null && t.Inserted == 16);
        exchange.Push.Should().Match<SyncTransfer>(t => t.PeerId == "gal" && t.Since == null && t.Inserted == 21 && t.Unchanged == 16);
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync()).And.HaveCount(37);
        (await colombo.WithContextAsync(db => db.GisConfigs.CountAsync())).Should().Be(0, "a local table stays local");
        (await colombo.WithContextAsync(db => db.Set<SyncImportRecord>().Select(r => r.Source).SingleAsync()))
            .Should().StartWith("pull http://127.0.0.1:").And.Contain("/export", "the history names where a pulled file came from");
        (await galle.WithContextAsync(db => db.Set<SyncImportRecord>().Select(r => r.Source).SingleAsync()))
            .Should().StartWith("push to ").And.Contain("/import by ", "the history names how a pushed file came, and by whom");
    }

    [SkippableFact]
    public async Task Later_syncs_send_deltas_both_ways_and_converge_after_edits_on_both_sides()
    {
        await using var colombo = await SiteAsync("col");
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(colombo, "Red Cross", 10);
        await Relief.RegisterAsync(galle, "Sarvodaya", 10);
        await colombo.Client.SyncAsync(galle.Peer);

        await colombo.EditAsync(async db => (await db.People.FirstAsync(p => p.FirstName == "Red Cross member 1")).Comments = "insulin delivered");
        await galle.EditAsync(async db => db.People.Remove(await db.People.FirstAsync(p => p.FirstName == "Sarvodaya member 2")));
        await galle.EditAsync(async db => (await db.People.FirstAsync(p => p.FirstName == "Red Cross member 3")).Comments = "moved to shelter 3");
        await colombo.EditAsync(async db => (await db.People.FirstAsync(p => p.FirstName == "Red Cross member 3")).Comments = "asked for a doctor");

        var exchange = await galle.Client.SyncAsync(colombo.Peer);

        exchange.Pull.Since.Should().NotBeNull("galle has imported from colombo before");
        exchange.Push.Since.Should().NotBeNull("colombo has imported from galle before");
        (exchange.Pull.Inserted + exchange.Pull.Updated + exchange.Pull.Unchanged).Should().BeLessThan(5, "a delta carries the changed rows only");
        exchange.Pull.Updated.Should().Be(2);
        exchange.Pull.Conflicts.Should().Be(1);
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync());
        (await galle.SyncedRowsAsync()).Should().Contain(r => r.Contains("asked for a doctor", StringComparison.Ordinal), "the later edit wins")
            .And.Contain(r => r.Contains("Sarvodaya member 2", StringComparison.Ordinal) && r.Contains(" True ", StringComparison.Ordinal), "the removal travels as a tombstone");

        var again = await galle.Client.SyncAsync(colombo.Peer);
        (again.Pull.Changes + again.Push.Changes).Should().Be(0, "nothing changed since");
    }

    [SkippableFact]
    public async Task A_pull_records_the_peers_url_and_last_update_on_the_peers_clock()
    {
        await using var colombo = await SiteAsync("col");
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 3);

        await colombo.Client.PullAsync(galle.Peer);

        var row = await colombo.PeerRowAsync("gal");
        row.Should().NotBeNull();
        row!.Url.Should().Be(galle.Peer.BaseAddress.AbsoluteUri);
        row.Owner.Should().Be("Site gal");
        row.SyncCount.Should().Be(1);
        (await galle.PeerRowAsync("col")).Should().BeNull("a pull changes nothing at the peer");
    }

    [SkippableFact]
    public async Task A_push_to_a_peer_never_pulled_records_its_url_and_the_first_pull_is_still_whole()
    {
        await using var colombo = await SiteAsync("col");
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(colombo, "Red Cross", 3);
        await Relief.RegisterAsync(galle, "Sarvodaya", 4);

        await colombo.Client.PushAsync(galle.Peer);

        var row = await colombo.PeerRowAsync("gal");
        row.Should().NotBeNull("a push records the peer it reached");
        row!.Url.Should().Be(galle.Peer.BaseAddress.AbsoluteUri);
        row.Owner.Should().Be("Site gal");
        row.SyncCount.Should().Be(0, "nothing was imported from the peer yet");

        var pull = await colombo.Client.PullAsync(galle.Peer);

        pull.Since.Should().BeNull("a peer only pushed to was never imported from: the first pull is whole");
        pull.Inserted.Should().Be(5);
        (await colombo.PeerRowAsync("gal"))!.Should().Match<SyncInstance>(
            i => i.SyncCount == 1 && i.Url == galle.Peer.BaseAddress.AbsoluteUri);
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync());
    }

    [SkippableFact]
    public async Task A_pull_cut_in_the_middle_leaves_the_receiver_unchanged_and_the_next_pull_succeeds()
    {
        var cutter = new ResponseCutter { CutsLeft = 1, CutAfter = 1024 };
        var network = new CuttingHandler();
        await using var galle = await SiteAsync("gal", new SiteSetup { Pipeline = cutter.Install });
        await using var colombo = await SiteAsync("col", new SiteSetup
        {
            Client = o => o.Retries = 0,
            HttpClient = c => c.AddHttpMessageHandler(() => network),
        });
        await Relief.RegisterAsync(galle, "Sarvodaya", 200);
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        (await galle.ExportAsync()).Length.Should().BeGreaterThan(4 * 4096, "the cut must fall in the middle of the file");
        var before = await colombo.FingerprintAsync();

        var cut = () => colombo.Client.PullAsync(galle.Peer);

        await cut.Should().ThrowAsync<IOException>("the response ended before the file did");
        cutter.CutsLeft.Should().Be(0, "the export was cut, not refused");
        network.Requests.Should().ContainSingle(r => r.AbsolutePath.EndsWith("/export", StringComparison.Ordinal), "a body cut after the headers is not retried by the handler");
        (await colombo.FingerprintAsync()).Should().Be(before, "the engine writes nothing before it has read the whole file");

        var retry = await colombo.Client.PullAsync(galle.Peer);

        retry.Inserted.Should().Be(201);
        (await colombo.SyncedRowsAsync()).Should().HaveCount(204);
    }

    [SkippableFact]
    public async Task A_pull_keeps_the_peers_key_and_a_pull_signed_with_another_key_than_the_pinned_one_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await using var wary = await SiteAsync("kan", new SiteSetup { Sync = o => o.PeerKeys["gal"] = OtherPublicKey() });
        await Relief.RegisterAsync(galle, "Sarvodaya", 3);
        using var http = galle.RawClient();
        var published = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<SyncInstanceIdentity>(http, "instance"))!.PublicKey;

        await colombo.Client.PullAsync(galle.Peer);
        var before = await wary.FingerprintAsync();
        var refused = () => wary.Client.PullAsync(galle.Peer);

        (await colombo.PeerRowAsync("gal"))!.PublicKey.Should().Be(published, "the first signed pull keeps the key");
        var e = (await refused.Should().ThrowAsync<SyncSignatureException>()).Which;
        e.Message.Should().Contain("pinned in SahanaSyncOptions.PeerKeys");
        (await wary.FingerprintAsync()).Should().Be(before);
    }

    private static string OtherPublicKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    [SkippableFact]
    public async Task A_pull_cut_in_the_middle_is_pulled_again_by_the_same_call()
    {
        var cutter = new ResponseCutter { CutsLeft = 2, CutAfter = 1024 };
        var network = new CuttingHandler();
        await using var galle = await SiteAsync("gal", new SiteSetup { Pipeline = cutter.Install });
        await using var colombo = await SiteAsync("col", new SiteSetup { HttpClient = c => c.AddHttpMessageHandler(() => network) });
        await Relief.RegisterAsync(galle, "Sarvodaya", 200);

        var pull = await colombo.Client.PullAsync(galle.Peer);

        network.Requests.Count(r => r.AbsolutePath.EndsWith("/export", StringComparison.Ordinal)).Should().Be(3, "two cut pulls, then a whole one");
        pull.Inserted.Should().Be(201);
        (await colombo.SyncedRowsAsync()).Should().Equal(await galle.SyncedRowsAsync());
        (await colombo.PeerRowAsync("gal"))!.SyncCount.Should().Be(1, "the cut pulls recorded nothing");
    }

    [SkippableFact]
    public async Task A_push_cut_in_the_middle_is_sent_again_whole_by_the_resilience_handler()
    {
        // The push is compressed: 200 rows are about 4 KB on the wire.
        var network = new CuttingHandler { CutsLeft = 1, CutAfter = 1024 };
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", new SiteSetup { HttpClient = c => c.AddHttpMessageHandler(() => network) });
        await Relief.RegisterAsync(colombo, "Red Cross", 200);

        var push = await colombo.Client.PushAsync(galle.Peer);

        network.UploadAttempts.Should().HaveCount(2, "the cut attempt was retried once");
        network.UploadAttempts[0].Should().Be(1024);
        network.UploadAttempts[1].Should().BeGreaterThan(3 * 1024, "the retry sent the whole file again, not the rest");
        push.Inserted.Should().Be(201);
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync());
    }

    [SkippableFact]
    public async Task A_push_cut_on_every_attempt_fails_leaving_the_receiver_unchanged_and_a_later_push_succeeds()
    {
        var network = new CuttingHandler { CutsLeft = int.MaxValue, CutAfter = 1024 };
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", new SiteSetup
        {
            Client = o => o.Retries = 2,
            HttpClient = c => c.AddHttpMessageHandler(() => network),
        });
        await Relief.RegisterAsync(colombo, "Red Cross", 200);
        await Relief.RegisterAsync(galle, "Sarvodaya", 2);
        var before = await galle.FingerprintAsync();

        var cut = () => colombo.Client.PushAsync(galle.Peer);

        await cut.Should().ThrowAsync<HttpRequestException>();
        network.UploadAttempts.Should().Equal(1024, 1024, 1024);
        await Task.Delay(200); // the receiver notices the dropped link on its own time; it must still change nothing
        (await galle.FingerprintAsync()).Should().Be(before);

        network.CutsLeft = 0;
        var retry = await colombo.Client.PushAsync(galle.Peer);

        retry.Inserted.Should().Be(201);
        (await galle.SyncedRowsAsync()).Should().HaveCount(204);
    }

    [SkippableFact]
    public async Task A_push_the_peer_refuses_as_too_large_is_not_retried_and_changes_nothing()
    {
        var network = new CuttingHandler();
        await using var galle = await SiteAsync("gal", new SiteSetup { Endpoints = o => o.MaxImportSize = 2048 });
        await using var colombo = await SiteAsync("col", new SiteSetup { HttpClient = c => c.AddHttpMessageHandler(() => network) });
        await Relief.RegisterAsync(colombo, "Red Cross", 50);
        var before = await galle.FingerprintAsync();

        var push = () => colombo.Client.PushAsync(galle.Peer);

        (await push.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        network.UploadAttempts.Should().HaveCount(1, "a refusal is not transient");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_peer_that_answers_as_this_instance_is_refused()
    {
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        var before = await colombo.FingerprintAsync();

        var self = () => colombo.Client.SyncAsync(colombo.Peer);

        await self.Should().ThrowAsync<InvalidOperationException>().WithMessage("*which is this instance*");
        (await colombo.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_pulled_file_that_names_another_sender_than_the_peer_fails_the_pull_and_changes_nothing()
    {
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        var colombosFile = await colombo.ExportAsync();

        // Matara answers /instance as itself, but serves colombo's file from /export.
        await using var matara = await SiteAsync("mat", new SiteSetup
        {
            Pipeline = app => app.Use(async (Microsoft.AspNetCore.Http.HttpContext http, Microsoft.AspNetCore.Http.RequestDelegate next) =>
            {
                if (http.Request.Path.StartsWithSegments("/sync/export", StringComparison.Ordinal))
                {
                    http.Response.ContentType = "text/csv; charset=utf-8";
                    await http.Response.Body.WriteAsync(colombosFile);
                    return;
                }

                await next(http);
            }),
        });
        await using var galle = await SiteAsync("gal");
        var before = await galle.FingerprintAsync();

        var pull = () => galle.Client.PullAsync(matara.Peer);

        var e = (await pull.Should().ThrowExactlyAsync<SyncSenderException>()).Which;
        e.ClaimedSender.Should().Be("col");
        e.ExpectedSenders.Should().Equal("mat");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_peer_that_answers_as_another_instance_than_configured_is_refused_before_anything_changes()
    {
        await using var colombo = await SiteAsync("col");
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await Relief.RegisterAsync(galle, "Sarvodaya", 2);
        var galleBefore = await galle.FingerprintAsync();
        var colomboBefore = await colombo.FingerprintAsync();
        var expectingMatara = new SyncPeer(colombo.Peer.BaseAddress, "Matara?") { InstanceId = "mat" };

        var sync = () => galle.Client.SyncAsync(expectingMatara);

        var e = (await sync.Should().ThrowExactlyAsync<SyncSenderException>()).Which;
        e.Message.Should().Contain("'col'").And.Contain("SyncPeer.InstanceId expects 'mat'");
        (await galle.FingerprintAsync()).Should().Be(galleBefore);
        (await colombo.FingerprintAsync()).Should().Be(colomboBefore);
        (await galle.Client.SyncAsync(new SyncPeer(colombo.Peer.BaseAddress) { InstanceId = "col" })).Pull.Inserted.Should().Be(3);
    }

    private async Task<SyncSite> SiteAsync(string instanceId, SiteSetup? setup = null)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId, setup);
}

public sealed class SqliteSyncClientTests : SyncClientTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncClientTests : SyncClientTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
