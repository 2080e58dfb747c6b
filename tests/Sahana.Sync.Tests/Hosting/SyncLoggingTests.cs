using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Hosting;

/// <summary>What an operator reads in the log: the instance at first use, a failed import, the delta's start.</summary>
public sealed class SyncLoggingTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly CapturedLogs _logs = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        services.AddDbContext<ReliefContext>(_database.Configure);
        services.AddSahanaSync<ReliefContext>(o =>
        {
            o.InstanceId = "col";
            o.Owner = "Colombo office";
        });
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ReliefContext>();
        await context.Database.EnsureCreatedAsync();
        await context.Database.MigrateSahanaSyncAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task The_first_use_names_the_instance_and_its_synced_tables_once()
    {
        await ExportAsync(null);
        await ExportAsync(null);

        _logs.Entries.Where(e => e.Message.StartsWith("Sahana.Sync instance", StringComparison.Ordinal))
            .Should().ContainSingle()
            .Which.Message.Should().Be("Sahana.Sync instance 'col' (Colombo office) syncs 4 tables: "
                + "org_organisation, cr_shelter, pr_person, cr_shelter_registration.");
    }

    [Fact]
    public async Task A_delta_export_logs_where_it_starts()
    {
        await ExportAsync(new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc));

        _logs.Entries.Should().Contain(e => e.Message.Contains("delta", StringComparison.Ordinal)
            && e.Message.Contains("since 2026-11-25T08:00:00.0000000Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_import_is_logged_as_a_warning_with_its_exception()
    {
        await using var scope = _services.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<UuidMergeEngine>();

        var truncated = Encoding.UTF8.GetBytes("TABLE pr_person\r\npr_person.uuid\r\n");
        var import = () => engine.ImportAsync(new MemoryStream(truncated));

        await import.Should().ThrowAsync<SyncFormatException>();
        var logged = _logs.Entries.Should()
            .ContainSingle(e => e.Category == typeof(UuidMergeEngine).FullName && e.Level == LogLevel.Warning).Subject;
        logged.Exception.Should().BeOfType<SyncFormatException>();
        logged.Message.Should().StartWith("Sync import refused (SyncFormatException), nothing was changed: ");
    }

    private async Task ExportAsync(DateTime? since)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SyncExporter>()
            .ExportAsync(Stream.Null, new ExportOptions { ModifiedSince = since });
    }
}
