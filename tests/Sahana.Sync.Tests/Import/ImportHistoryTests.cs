using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>Every committed import leaves one row in <c>sync_import</c>; a rejected one leaves none.</summary>
public abstract class ImportHistoryTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task An_import_records_what_it_did_with_the_oldest_stamp_it_wrote()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var receiverDb = await CreateDatabaseAsync();
        await using var sender = new SyncTestHost<FieldContext>(senderDb, "snd", new TestClock(Now));
        await using var receiver = new SyncTestHost<FieldContext>(receiverDb, "rcv", new TestClock(Now.AddHours(2)));
        await sender.CreateSchemaAsync();
        await receiver.CreateSchemaAsync();
        await sender.EditAsync(db => db.Add(new Team { Name = "first", Uuid = "t-1" }));
        sender.Time.Advance(TimeSpan.FromMinutes(5));
        await sender.EditAsync(db => db.Add(new Team { Name = "second", Uuid = "t-2" }));

        var report = await receiver.ImportAsync(await sender.ExportAsync(), new ImportOptions { Source = "<script>stick.csv" });
        await receiver.ImportAsync(await sender.ExportAsync(), new ImportOptions { Source = "again" });

        await using var scope = receiver.NewContext();
        var stamps = await scope.Context.Teams.Select(t => t.ModifiedOn).ToListAsync();
        var history = await scope.Context.Set<SyncImportRecord>().OrderBy(r => r.ReceivedAt).ToListAsync();
        history.Should().HaveCount(2);
        var first = history[0];
        first.Sender.Should().Be("snd");
        first.Source.Should().Be("<script>stick.csv");
        first.Restore.Should().BeFalse();
        first.Inserted.Should().Be(2);
        first.Updated.Should().Be(0);
        first.OldestChange.Should().Be(stamps.Min());
        first.ReceivedAt.Should().BeAfter(stamps.Max());
        first.StartedAt.Should().Be(Now.AddHours(2).UtcDateTime);
        first.FinishedAt.Should().BeOnOrAfter(first.StartedAt);
        first.Summary.Should().Be(report.ToString());
        var second = history[1];
        second.Unchanged.Should().Be(2);
        second.Inserted.Should().Be(0);
        second.OldestChange.Should().BeNull("the second import wrote no row");
        second.ReceivedAt.Should().BeAfter(first.ReceivedAt);
        second.Id.Should().NotBe(first.Id);
    }

    [SkippableFact]
    public async Task A_rejected_import_leaves_no_record()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "rcv", new TestClock(Now));
        await host.CreateSchemaAsync();
        var file = "TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n1,a,<NULL>,t-1,F,not a time\r\n\r\nEND";

        var import = () => host.ImportAsync(file);

        await import.Should().ThrowAsync<SyncFormatException>();
        await using var scope = host.NewContext();
        (await scope.Context.Set<SyncImportRecord>().CountAsync()).Should().Be(0);
    }

    [SkippableFact]
    public async Task The_history_never_travels_not_even_in_a_backup_and_a_file_cannot_write_it()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "rcv", new TestClock(Now));
        await host.CreateSchemaAsync();
        await host.ImportAsync("TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n1,a,<NULL>,t-1,F,2026-11-26 08:00:00\r\n\r\nEND");
        var forged = "TABLE sync_import\r\nsync_import.id,sync_import.summary\r\n00000000-0000-0000-0000-000000000001,forged\r\n\r\nEND";

        var report = await host.ImportAsync(forged);

        report.Skipped.Should().ContainSingle(s => s.Table == "sync_import");
        System.Text.Encoding.UTF8.GetString(await host.ExportAsync(new ExportOptions { Backup = true })).Should().NotContain("sync_import");
        await using var scope = host.NewContext();
        (await scope.Context.Set<SyncImportRecord>().Select(r => r.Summary).ToListAsync()).Should().NotContain("forged").And.HaveCount(2);
    }
}

public sealed class SqliteImportHistoryTests : ImportHistoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresImportHistoryTests : ImportHistoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
