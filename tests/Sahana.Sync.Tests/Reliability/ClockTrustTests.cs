using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A file stamped further ahead of this instance's wall clock than MaxClockSkew is refused, wherever the
/// stamp is (a row, the export timestamp, a backup), naming who, where and by how much; nothing changes,
/// this instance's clock included.
/// </summary>
public abstract class ClockTrustTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private const string TeamHeader =
        "TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n";

    [SkippableFact]
    public async Task A_row_stamped_2099_is_refused_naming_sender_table_line_uuid_and_offset()
    {
        await using var site = await SiteAsync();
        var file = Sender("gal,Galle,<NULL>,<NULL>,2026-11-26 08:59:00,0")
            + TeamHeader + "1,fine,<NULL>,t-1,False,2026-11-26 08:00:00\r\n"
            + "2,from the future,<NULL>,t-2,False,2099-01-01 00:00:00\r\n"
            + "3,also future,<NULL>,t-3,False,2099-06-01 00:00:00\r\n\r\n\r\nEND";

        var e = await site.RefusedAsync(file);

        (e.Sender, e.Table, e.Line, e.Uuid).Should().Be(("gal", "team", 9L, "t-2"));
        e.Ahead.Should().Be(new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc) - Now.UtcDateTime);
        e.Message.Should().Be("Galle's clock is 72 years 53 days ahead of this instance's (team line 9, uuid t-2, "
            + "stamped 2099-01-01 00:00:00): correct the clock there (or this instance's if it is the wrong one), "
            + "then export again. Nothing was changed.");
        await site.UnchangedAsync();
    }

    [SkippableFact]
    public async Task A_row_stamped_at_the_end_of_9998_is_refused_for_its_clock_not_its_format()
    {
        await using var site = await SiteAsync();
        var file = Sender("gal,<NULL>,<NULL>,<NULL>,2026-11-26 08:59:00,0")
            + TeamHeader + "2,last second,<NULL>,t-2,False,9998-12-31 23:59:59.999999\r\n\r\n\r\nEND";

        var e = await site.RefusedAsync(file);

        (e.Sender, e.Table, e.Line, e.Uuid).Should().Be(("gal", "team", 8L, "t-2"));
        e.Message.Should().StartWith("The clock of instance 'gal' is 7977 years 143 days ahead of this instance's "
            + "(team line 8, uuid t-2, stamped 9998-12-31 23:59:59.999999)");
        await site.UnchangedAsync();
    }

    [SkippableFact]
    public async Task An_export_timestamp_alone_too_far_ahead_is_refused()
    {
        await using var site = await SiteAsync();
        var file = TeamHeader + "1,fine,<NULL>,t-1,False,2026-11-26 08:00:00\r\n\r\n\r\n"
            + Sender("gal,Galle,<NULL>,<NULL>,2026-11-26 09:31:00,0") + "END";

        var e = await site.RefusedAsync(file);

        (e.Sender, e.Table, e.Line, e.Uuid, e.Ahead).Should()
            .Be(("gal", "sync_instance", 8L, (string?)null, TimeSpan.FromMinutes(31)));
        e.Message.Should().Be("Galle's clock is 31 minutes ahead of this instance's (sync_instance line 8, the export "
            + "timestamp 2026-11-26 09:31:00): correct the clock there (or this instance's if it is the wrong one), "
            + "then export again. Nothing was changed.");
        await site.UnchangedAsync();
    }

    [SkippableFact]
    public async Task A_file_without_a_sender_is_refused_as_the_senders_clock()
    {
        await using var site = await SiteAsync();
        var file = TeamHeader + "2,future,<NULL>,t-2,False,2026-11-26 14:10:00\r\n\r\n\r\nEND";

        var e = await site.RefusedAsync(file);

        e.Sender.Should().BeNull();
        e.Message.Should()
            .StartWith("The sender's clock is 5 hours 10 minutes ahead of this instance's (team line 3, uuid t-2,");
        await site.UnchangedAsync();
    }

    [SkippableFact]
    public async Task A_stamp_exactly_at_the_skew_is_accepted_and_one_microsecond_past_it_is_refused()
    {
        await using var site = await SiteAsync();
        var past = TeamHeader + "2,one microsecond past,<NULL>,t-2,False,2026-11-26 09:30:00.000001\r\n\r\n\r\nEND";
        var at = TeamHeader + "2,at the skew,<NULL>,t-2,False,2026-11-26 09:30:00\r\n\r\n\r\nEND";

        var e = await site.RefusedAsync(past);
        e.Ahead.Should().Be(TimeSpan.FromMinutes(30) + TimeSpan.FromMicroseconds(1));
        await site.UnchangedAsync();

        var report = await site.Host.ImportAsync(at);

        report.Tables.Single().Inserted.Should().Be(1);
    }

    [SkippableFact]
    public async Task MaxClockSkew_set_wider_accepts_what_the_default_refuses()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(
            database, "here", new TestClock(Now), o => o.MaxClockSkew = TimeSpan.FromHours(6));
        await host.CreateSchemaAsync();

        var report = await host.ImportAsync(
            TeamHeader + "2,future,<NULL>,t-2,False,2026-11-26 14:10:00\r\n\r\n\r\nEND");

        report.Tables.Single().Inserted.Should().Be(1);
    }

    [SkippableFact]
    public async Task A_restore_with_a_future_stamp_is_refused_and_leaves_the_database_empty()
    {
        await using var aheadDb = await CreateDatabaseAsync();
        await using var ahead = new SyncTestHost<FieldContext>(aheadDb, "ahd", new TestClock(Now.AddYears(2)));
        await ahead.CreateSchemaAsync();
        await ahead.EditAsync(db => db.Add(new Team { Name = "stamped two years ahead", Uuid = "t-1" }));
        var backup = await ahead.ExportAsync(new ExportOptions { Backup = true });
        await using var emptyDb = await CreateDatabaseAsync();
        await using var empty = new SyncTestHost<FieldContext>(emptyDb, "here", new TestClock(Now));
        await empty.CreateSchemaAsync();
        var before = await DatabaseState.FingerprintAsync(empty);

        var restore = () => empty.ImportAsync(backup, new ImportOptions { Restore = true });

        var e = (await restore.Should().ThrowAsync<SyncClockException>()).Which;
        (e.Table, e.Uuid).Should().Be(("team", "t-1"));
        e.Ahead.Should().BeGreaterThan(TimeSpan.FromDays(365));
        (await DatabaseState.FingerprintAsync(empty)).Should().Be(before);
        await using var scoped = empty.NewContext();
        (await scoped.Context.Set<Team>().CountAsync()).Should().Be(0);
    }

    private static string Sender(string row)
        => "TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,"
            + "sync_instance.last_update,sync_instance.sync_count\r\n" + row + "\r\n\r\n\r\n";

    /// <summary>A site that imported once from gal, so sync_instance holds a row a refused file would change.</summary>
    private async Task<Site> SiteAsync()
    {
        var database = await CreateDatabaseAsync();
        var host = new SyncTestHost<FieldContext>(database, "here", new TestClock(Now));
        await host.CreateSchemaAsync();
        await host.ImportAsync(Sender("gal,Galle,<NULL>,<NULL>,2026-11-26 08:00:00,0")
            + TeamHeader + "1,fine,<NULL>,t-1,False,2026-11-26 07:00:00\r\n\r\n\r\nEND");
        return new Site(database, host, await DatabaseState.FingerprintAsync(host));
    }

    private sealed record Site(TestDatabase Database, SyncTestHost<FieldContext> Host, string Before) : IAsyncDisposable
    {
        internal async Task<SyncClockException> RefusedAsync(string file)
        {
            var import = () => Host.ImportAsync(file);
            return (await import.Should().ThrowAsync<SyncClockException>()).Which;
        }

        /// <summary>The database as it was, and the next local save stamped at the wall clock, as before.</summary>
        internal async Task UnchangedAsync()
        {
            (await DatabaseState.FingerprintAsync(Host)).Should().Be(Before);
            await Host.EditAsync(db => db.Add(new Team { Name = "probe", Uuid = "probe" }));
            await using var scoped = Host.NewContext();
            var probe = await scoped.Context.Set<Team>().SingleAsync(t => t.Uuid == "probe");
            probe.ModifiedOn.Should().BeOnOrAfter(Host.Time.Now.UtcDateTime)
                .And.BeBefore(Host.Time.Now.UtcDateTime.AddMilliseconds(1), "the refused file did not move the clock");
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

public sealed class SqliteClockTrustTests : ClockTrustTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresClockTrustTests : ClockTrustTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
