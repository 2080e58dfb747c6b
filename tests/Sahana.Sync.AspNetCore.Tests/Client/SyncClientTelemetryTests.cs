using System.Diagnostics;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Client;

/// <summary>The spans of a sync run, as an in-process ActivityListener (as OpenTelemetry's SDK) sees them.</summary>
public abstract class SyncClientTelemetryTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_sync_has_a_pull_span_over_its_import_and_a_push_span_over_its_export()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(galle, "Sarvodaya", 3);
        await Relief.RegisterAsync(colombo, "Red Cross", 2);

        using var telemetry = new TelemetryRecorder(colombo.Services);
        var exchange = await colombo.Client.SyncAsync(galle.Peer);

        var spans = telemetry.Spans.Where(s => s.Source.Name == SyncDiagnostics.Name).ToList();
        var pull = spans.Should().ContainSingle(s => s.OperationName == "sahana_sync.pull").Subject;
        var push = spans.Should().ContainSingle(s => s.OperationName == "sahana_sync.push").Subject;
        pull.ParentSpanId.Should().Be(telemetry.Root.SpanId);
        push.ParentSpanId.Should().Be(telemetry.Root.SpanId);
        pull.Status.Should().Be(ActivityStatusCode.Unset);
        push.Status.Should().Be(ActivityStatusCode.Unset);

        pull.GetTagItem("sahana_sync.peer").Should().Be("gal");
        pull.GetTagItem("sahana_sync.peer.address").Should().Be(galle.Peer.BaseAddress.AbsoluteUri);
        pull.GetTagItem("sahana_sync.export.kind").Should().Be("full");
        pull.GetTagItem("sahana_sync.changes").Should().Be(exchange.Pull.Changes).And.Be(4L);
        var import = spans.Should().ContainSingle(s => s.ParentSpanId == pull.SpanId).Subject;
        import.OperationName.Should().Be("sahana_sync.import");
        import.GetTagItem("sahana_sync.peer").Should().Be("gal");

        push.GetTagItem("sahana_sync.peer").Should().Be("gal");
        push.GetTagItem("sahana_sync.changes").Should().Be(exchange.Push.Changes).And.Be(3L);
        var export = spans.Should().ContainSingle(s => s.ParentSpanId == push.SpanId).Subject;
        export.OperationName.Should().Be("sahana_sync.export");
        // The push sends the file as it goes on the wire: gzip, as the peer takes it, so fewer bytes than were exported.
        var exported = export.GetTagItem("sahana_sync.bytes").Should().BeOfType<long>().Which;
        push.GetTagItem("sahana_sync.bytes").Should().BeOfType<long>().Which.Should().BePositive().And.BeLessThan(exported);
    }

    [SkippableFact]
    public async Task A_pull_from_a_peer_that_answers_as_another_instance_ends_its_span_with_an_error_and_counts()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        var impostor = new SyncPeer(galle.Peer.BaseAddress, "Galle") { InstanceId = "kan" };

        using var telemetry = new TelemetryRecorder(colombo.Services);
        var pull = () => colombo.Client.PullAsync(impostor);
        await pull.Should().ThrowAsync<SyncSenderException>();

        var span = telemetry.Spans.Should().ContainSingle(s => s.OperationName == "sahana_sync.pull").Subject;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.StatusDescription.Should().Contain("'kan'");
        span.GetTagItem("error.type").Should().Be("sender");
        span.GetTagItem("sahana_sync.peer").Should().Be("kan", "the span names the peer it was asked to pull from");
        span.Events.Should().ContainSingle(e => e.Name == "exception");
        telemetry.Sum("sahana_sync.failures", ("sahana_sync.operation", "pull"), ("error.type", "sender"))
            .Should().Be(1);
        telemetry.Of("sahana_sync.failures").Should().ContainSingle("the pull failed before it imported anything");
    }

    private async Task<SyncSite> SiteAsync(string instanceId)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId);
}

public sealed class SqliteSyncClientTelemetryTests : SyncClientTelemetryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncClientTelemetryTests : SyncClientTelemetryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
