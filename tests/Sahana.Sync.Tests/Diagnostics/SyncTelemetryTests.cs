using System.Diagnostics;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Diagnostics;

/// <summary>
/// What imports and exports report to the "Sahana.Sync" meter and activity source, as an in-process
/// MeterListener and ActivityListener (what OpenTelemetry's SDK uses) see it.
/// </summary>
public abstract class SyncTelemetryTests : DatabaseTests
{
    [SkippableFact]
    public async Task An_import_reports_its_rows_by_outcome_its_bytes_and_its_duration()
    {
        await using var sourceDb = await CreateDatabaseAsync();
        await using var targetDb = await CreateDatabaseAsync();
        await using var source = new SyncTestHost<FieldContext>(sourceDb, "src");
        await using var target = new SyncTestHost<FieldContext>(targetDb, "dst");
        await source.CreateSchemaAsync();
        await target.CreateSchemaAsync();
        await source.EditAsync(db => db.AddRange(
            new Team { Name = "one", Uuid = "t-1" },
            new Team { Name = "two", Uuid = "t-2" },
            new Team { Name = "three", Uuid = "t-3" }));
        await target.ImportAsync(await source.ExportAsync());
        source.Time.Advance(TimeSpan.FromMinutes(1));
        await source.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-2").Name = "two, renamed");
        var file = await source.ExportAsync();

        using var telemetry = new TelemetryRecorder(target.Services);
        await target.ImportAsync(file);

        var rows = telemetry.Of("sahana_sync.import.rows");
        rows.Should().OnlyContain(m => Equals(m.Tags["sahana_sync.peer"], "src") && m.Unit == "{row}");
        double Rows(string outcome) => telemetry.Sum(
            "sahana_sync.import.rows", ("sahana_sync.table", "team"), ("sahana_sync.row.outcome", outcome));
        Rows("updated").Should().Be(1);
        Rows("unchanged").Should().Be(2);
        Rows("inserted").Should().Be(0);
        telemetry.Sum("sahana_sync.import.bytes", ("sahana_sync.peer", "src"))
            .Should().Be(file.Length, "the whole file was read");
        var duration = telemetry.Of("sahana_sync.import.duration").Should().ContainSingle().Subject;
        duration.Unit.Should().Be("s");
        duration.Value.Should().BeGreaterThan(0);
        duration.Tags.Should().Contain("sahana_sync.import.outcome", "merged")
            .And.Contain("sahana_sync.import.kind", "merge")
            .And.Contain("sahana_sync.peer", "src")
            .And.NotContainKey("error.type");
        telemetry.Of("sahana_sync.failures").Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_refused_file_counts_a_failure_with_its_kind()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "dst");
        await host.CreateSchemaAsync();
        await host.EditAsync(db => db.Add(new Team { Name = "one", Uuid = "t-1" }));
        var own = await host.ExportAsync();

        using var telemetry = new TelemetryRecorder(host.Services);
        var format = () => host.ImportAsync("TABLE team\r\nteam.id,team.uuid\r\n1\r\n");
        await format.Should().ThrowAsync<SyncFormatException>();
        var sender = () => host.ImportAsync(own, new ImportOptions { ExpectedSender = "kandy" });
        await sender.Should().ThrowAsync<SyncSenderException>();

        double Failures(string type) => telemetry.Sum(
            "sahana_sync.failures", ("sahana_sync.operation", "import"), ("error.type", type));
        Failures("format").Should().Be(1);
        Failures("sender").Should().Be(1);
        telemetry.Of("sahana_sync.import.duration").Should().HaveCount(2)
            .And.OnlyContain(m => Equals(m.Tags["sahana_sync.import.outcome"], "refused"));
        telemetry.Of("sahana_sync.import.duration").Should().ContainSingle(m => Equals(m.Tags["error.type"], "sender"))
            .Which.Tags.Should().Contain("sahana_sync.peer", "kandy");
        telemetry.Of("sahana_sync.import.rows").Should().BeEmpty("nothing was merged");
    }

    [SkippableFact]
    public async Task An_export_records_its_bytes_rows_and_duration_by_kind()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "src");
        await host.CreateSchemaAsync();
        await host.EditAsync(db => db.AddRange(
            new Team { Name = "one", Uuid = "t-1" }, new Team { Name = "two", Uuid = "t-2" }));

        using var telemetry = new TelemetryRecorder(host.Services);
        var full = await host.ExportAsync();
        var since = host.Time.GetUtcNow().UtcDateTime.AddHours(-1);
        var delta = await host.ExportAsync(new ExportOptions { ModifiedSince = since });

        telemetry.Sum("sahana_sync.export.bytes", ("sahana_sync.export.kind", "full")).Should().Be(full.Length);
        telemetry.Sum("sahana_sync.export.bytes", ("sahana_sync.export.kind", "delta")).Should().Be(delta.Length);
        telemetry.Of("sahana_sync.export.bytes").Should().OnlyContain(m => m.Unit == "By");
        telemetry.Sum("sahana_sync.export.rows", ("sahana_sync.table", "team"), ("sahana_sync.export.kind", "full"))
            .Should().Be(2);
        telemetry.Of("sahana_sync.export.duration").Select(m => m.Tags["sahana_sync.export.kind"])
            .Should().Equal("full", "delta");
    }

    [SkippableFact]
    public async Task An_export_into_a_file_records_the_bytes_it_wrote_there()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "src");
        await host.CreateSchemaAsync();
        await host.EditAsync(db => db.Add(new Team { Name = "one", Uuid = "t-1" }));
        var path = Path.GetTempFileName();
        try
        {
            using var telemetry = new TelemetryRecorder(host.Services);
            await using (var file = File.Create(path))
            {
                file.Write("already here"u8);
                await using var scoped = host.NewContext();
                await scoped.Get<SyncExporter>().ExportAsync(file);
            }

            telemetry.Sum("sahana_sync.export.bytes").Should().Be(new FileInfo(path).Length - "already here".Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task Export_and_import_have_spans_under_the_callers_span_and_a_refused_import_has_an_error_status()
    {
        await using var sourceDb = await CreateDatabaseAsync();
        await using var targetDb = await CreateDatabaseAsync();
        await using var source = new SyncTestHost<FieldContext>(sourceDb, "src");
        await using var target = new SyncTestHost<FieldContext>(targetDb, "dst");
        await source.CreateSchemaAsync();
        await target.CreateSchemaAsync();
        await source.EditAsync(db => db.AddRange(
            new Team { Name = "one", Uuid = "t-1" }, new Team { Name = "two", Uuid = "t-2" }));

        using var telemetry = new TelemetryRecorder(target.Services);
        var file = await source.ExportAsync();
        await target.ImportAsync(file);
        var refused = () => target.ImportAsync(file, new ImportOptions { ExpectedSender = "kandy" });
        await refused.Should().ThrowAsync<SyncSenderException>();

        var spans = telemetry.Spans.Where(s => s.Source.Name == SyncDiagnostics.Name).ToList();
        spans.Select(s => s.OperationName)
            .Should().Equal("sahana_sync.export", "sahana_sync.import", "sahana_sync.import");
        spans.Should().OnlyContain(s => s.ParentSpanId == telemetry.Root.SpanId && s.Kind == ActivityKind.Internal);

        var export = spans[0];
        export.Status.Should().Be(ActivityStatusCode.Unset);
        export.GetTagItem("sahana_sync.export.kind").Should().Be("full");
        export.GetTagItem("sahana_sync.rows").Should().Be(2L);
        export.GetTagItem("sahana_sync.bytes").Should().Be((long)file.Length);

        var import = spans[1];
        import.Status.Should().Be(ActivityStatusCode.Unset);
        import.GetTagItem("sahana_sync.peer").Should().Be("src");
        import.GetTagItem("sahana_sync.import.outcome").Should().Be("merged");
        import.GetTagItem("sahana_sync.changes").Should().Be(2L);
        import.GetTagItem("sahana_sync.bytes").Should().Be((long)file.Length);

        var failed = spans[2];
        failed.Status.Should().Be(ActivityStatusCode.Error);
        failed.StatusDescription.Should().Contain("kandy");
        failed.GetTagItem("error.type").Should().Be("sender");
        failed.GetTagItem("sahana_sync.import.outcome").Should().Be("refused");
        failed.Events.Should().ContainSingle(e => e.Name == "exception");
    }
}

public sealed class SqliteSyncTelemetryTests : SyncTelemetryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncTelemetryTests : SyncTelemetryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
