using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The clock learns of a file's stamps only when its import commits: a file refused for any reason, late
/// or early, leaves the next local save stamped where it would have been; an accepted one moves it.
/// </summary>
public abstract class ClockCommitTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Ahead = Now.UtcDateTime.AddMinutes(20);

    private const string TeamHeader =
        "TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n";
    private const string MemberHeader = "TABLE member\r\n"
        + "member.id,member.name,member.team_id,member.mentor_id,member.uuid,member.deleted,member.modified_on\r\n";
    private const string AheadText = "2026-11-26 09:20:00";

    // Where the next save lands when nothing moved the clock: at the wall clock, or a few stamps past it
    // (the fingerprints' exports take stamps too).
    private static readonly TimeSpan Moved = TimeSpan.FromMilliseconds(1);

    [SkippableFact]
    public async Task A_bad_value_late_in_the_file_after_a_row_stamped_ahead_leaves_the_clock()
    {
        await using var site = await SiteAsync();
        var file = TeamHeader + $"2,ahead,<NULL>,t-2,False,{AheadText}\r\n"
            + "3,bad,<NULL>,t-3,False,not a time\r\n\r\n\r\nEND";

        await site.Invoking(s => s.Host.ImportAsync(file)).Should().ThrowAsync<SyncFormatException>();

        (await site.NextStampAsync()).Should().BeCloseTo(Now.UtcDateTime, Moved);
    }

    [SkippableFact]
    public async Task A_dangling_reference_after_a_row_stamped_ahead_leaves_the_clock()
    {
        await using var site = await SiteAsync();
        var file = TeamHeader + $"2,ahead,<NULL>,t-2,False,{AheadText}\r\n"
            + "3,led by nobody,99,t-3,False,2026-11-26 08:00:00\r\n\r\n\r\nEND";

        await site.Invoking(s => s.Host.ImportAsync(file)).Should().ThrowAsync<SyncReferenceException>();

        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
        (await site.NextStampAsync()).Should().BeCloseTo(Now.UtcDateTime, Moved);
    }

    [SkippableFact]
    public async Task A_cancelled_import_leaves_the_clock()
    {
        await using var site = await SiteAsync();
        var file = TeamHeader + $"2,ahead,<NULL>,t-2,False,{AheadText}\r\n\r\n\r\n"
            + MemberHeader + "5,member,2,<NULL>,m-5,False,2026-11-26 08:00:00\r\n\r\n\r\nEND";
        using var cancellation = new CancellationTokenSource();
        var options = new ImportOptions { Progress = new CallbackProgress(_ => cancellation.Cancel()) };

        var bytes = System.Text.Encoding.UTF8.GetBytes(file);
        await site.Invoking(s => s.Host.ImportAsync(bytes, options, cancellation.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
        (await site.NextStampAsync()).Should().BeCloseTo(Now.UtcDateTime, Moved);
    }

    [SkippableFact]
    public async Task A_refused_restore_leaves_the_clock()
    {
        await using var site = await SiteAsync();
        var backup = await BackupStampedAheadAsync();

        await site.Invoking(s => s.Host.ImportAsync(backup, new ImportOptions { Restore = true }))
            .Should().ThrowAsync<SyncException>().WithMessage("A restore needs an empty database*");

        (await site.NextStampAsync()).Should().BeCloseTo(Now.UtcDateTime, Moved);
    }

    [SkippableFact]
    public async Task An_accepted_import_moves_the_clock_past_its_newest_stamp()
    {
        await using var site = await SiteAsync();

        await site.Host.ImportAsync(TeamHeader + $"2,ahead,<NULL>,t-2,False,{AheadText}\r\n\r\n\r\nEND");

        (await site.NextStampAsync()).Should()
            .BeAfter(Ahead, "a local edit after the import is newer than what came in")
            .And.BeBefore(Ahead.AddMilliseconds(1));
    }

    [SkippableFact]
    public async Task An_accepted_restore_moves_the_clock_past_the_restored_stamps()
    {
        var backup = await BackupStampedAheadAsync();
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "here", new TestClock(Now));
        await host.CreateSchemaAsync();

        await host.ImportAsync(backup, new ImportOptions { Restore = true });

        await host.EditAsync(db => db.Add(new Team { Name = "probe", Uuid = "probe" }));
        await using var scoped = host.NewContext();
        (await scoped.Context.Set<Team>().SingleAsync(t => t.Uuid == "probe")).ModifiedOn.Should().BeAfter(Ahead);
    }

    [SkippableFact]
    public async Task A_version_the_conflict_policy_restamps_is_newer_than_the_file_and_the_next_save_newer_still()
    {
        await using var site = await SiteAsync();
        await site.Host.ImportAsync(Sender("2026-11-26 08:30:00")
            + TeamHeader + "1,edited there,<NULL>,t-1,False,2026-11-26 08:10:00\r\n\r\n\r\nEND");
        await site.Host.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-1").Name = "edited here");
        site.Host.Time.Advance(TimeSpan.FromSeconds(1));

        var report = await site.Host.ImportAsync(
            Sender("2026-11-26 09:20:00")
                + TeamHeader + $"1,edited there again,<NULL>,t-1,False,{AheadText}\r\n\r\n\r\nEND",
            new ImportOptions { ConflictPolicy = SyncConflictPolicy.LocalWins });

        report.Conflicts.Should().ContainSingle();
        await using (var scoped = site.Host.NewContext())
        {
            var kept = await scoped.Context.Set<Team>().SingleAsync(t => t.Uuid == "t-1");
            kept.Name.Should().Be("edited here");
            kept.ModifiedOn.Should().Be(Ahead.AddTicks(10), "re-stamped past the file's newest stamp");
        }

        (await site.NextStampAsync()).Should().BeAfter(Ahead.AddTicks(10)).And.BeBefore(Ahead.AddMilliseconds(1));
    }

    private static string Sender(string lastUpdate)
        => "TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,"
            + "sync_instance.last_update,sync_instance.sync_count\r\n"
            + $"gal,Galle,<NULL>,<NULL>,{lastUpdate},0\r\n\r\n\r\n";

    /// <summary>A backup of a site whose clock runs 20 minutes ahead: within the skew.</summary>
    private async Task<byte[]> BackupStampedAheadAsync()
    {
        await using var database = await CreateDatabaseAsync();
        var clock = new TestClock(new DateTimeOffset(Ahead));
        await using var ahead = new SyncTestHost<FieldContext>(database, "ahd", clock);
        await ahead.CreateSchemaAsync();
        await ahead.EditAsync(db => db.Add(new Team { Name = "stamped ahead", Uuid = "t-9" }));
        return await ahead.ExportAsync(new ExportOptions { Backup = true });
    }

    /// <summary>A site that has imported once from gal, and has not saved anything itself yet.</summary>
    private async Task<Site> SiteAsync()
    {
        var database = await CreateDatabaseAsync();
        var host = new SyncTestHost<FieldContext>(database, "here", new TestClock(Now));
        await host.CreateSchemaAsync();
        await host.ImportAsync(Sender("2026-11-26 08:00:00")
            + TeamHeader + "1,fine,<NULL>,t-1,False,2026-11-26 07:00:00\r\n\r\n\r\nEND");
        return new Site(database, host, await DatabaseState.FingerprintAsync(host));
    }

    private sealed class CallbackProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }

    private sealed record Site(TestDatabase Database, SyncTestHost<FieldContext> Host, string Before) : IAsyncDisposable
    {
        /// <summary>The stamp the next local save gets.</summary>
        internal async Task<DateTime> NextStampAsync()
        {
            await Host.EditAsync(db => db.Add(new Team { Name = "probe", Uuid = "probe" }));
            await using var scoped = Host.NewContext();
            return (await scoped.Context.Set<Team>().SingleAsync(t => t.Uuid == "probe")).ModifiedOn;
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

public sealed class SqliteClockCommitTests : ClockCommitTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresClockCommitTests : ClockCommitTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
