using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Files of more than 10 MB, each built to make one path of the import do the most work per byte it can:
/// one uuid in 400,000 versions, 40,000 unknown sections, 100,000 conflicts, 600,000 unknown columns. Each
/// is merged with work that grows with its bytes and a report of bounded size; the counts stay exact.
/// No timing is asserted: on the code before, the first two took seconds to minutes, the last two hundreds
/// of megabytes (docs/reliability.md, "Work and memory").
/// </summary>
public abstract class HostileFileBoundTests : DatabaseTests
{
    private const long TenMegabytes = 10_000_000;

    [SkippableFact]
    public async Task Four_hundred_thousand_versions_of_one_uuid_with_one_stamp_leave_the_one_the_tie_rule_picks()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);

        var (report, bytes) = await ImportAsync(site, HostileFiles.OneUuidTied());

        bytes.Should().BeGreaterThan(TenMegabytes);
        var team = report.Tables.Single(t => t.Table == "team");
        (team.Rows, team.Inserted, team.OlderSkipped).Should().Be((HostileFiles.Versions, 1L, HostileFiles.Versions - 1L));
        var rows = (await DatabaseState.SyncedRowsAsync(site))["team"];
        rows.Keys.Should().Equal("the-one-uuid");
        rows["the-one-uuid"]["name"].Should().Be(HostileFiles.TiedWinner, "on equal stamps the greater values win, wherever they are in the file");
    }

    [SkippableFact]
    public async Task Forty_thousand_unknown_sections_are_all_counted_and_the_report_lists_the_first_thousand()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);

        var (report, bytes) = await ImportAsync(site, HostileFiles.UnknownSections());

        bytes.Should().BeGreaterThan(TenMegabytes);
        report.Skipped.Should().HaveCount(ImportOptions.DefaultMaxReportedConflicts);
        report.UnreportedSkipped.Should().Be(HostileFiles.Sections - ImportOptions.DefaultMaxReportedConflicts);
        report.Skipped[0].Should().Be(new SkippedSection("unknown_table_00000", null, "not a table of this database's model; 5 rows"));
        report.Skipped[^1].Table.Should().Be("unknown_table_00999");
        report.Tables.Single(t => t.Table == "team").Inserted.Should().Be(1);
        report.ToString().Should().EndWith($"… and {HostileFiles.Sections - 1000} more skipped tables and columns, counted but not listed (ImportOptions.MaxReportedConflicts).{Environment.NewLine}");
    }

    [SkippableFact]
    public async Task A_hundred_thousand_conflicts_are_all_decided_and_counted_and_the_report_details_a_thousand()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);
        await ImportAsync(site, HostileFiles.Teams(edited: false), new ImportOptions { Sender = "b" });
        long asked = 0;

        // A sender never heard from before: every row it changed is a conflict, and the delegate decides each.
        var (report, bytes) = await ImportAsync(site, HostileFiles.Teams(edited: true), new ImportOptions
        {
            Sender = "c",
            ResolveConflict = conflict =>
            {
                asked++;
                return SyncConflictWinner.Remote;
            },
        });

        bytes.Should().BeGreaterThan(TenMegabytes);
        asked.Should().Be(HostileFiles.Conflicts, "the delegate sees every conflict, reported or not");
        var team = report.Tables.Single(t => t.Table == "team");
        (team.Conflicts, team.Updated).Should().Be((HostileFiles.Conflicts, HostileFiles.Conflicts));
        report.ConflictCount.Should().Be(HostileFiles.Conflicts);
        report.Conflicts.Should().HaveCount(ImportOptions.DefaultMaxReportedConflicts);
        report.UnreportedConflicts.Should().Be(HostileFiles.Conflicts - ImportOptions.DefaultMaxReportedConflicts);
        report.Conflicts.Should().OnlyContain(c => c.Winner == SyncConflictWinner.Remote);
        var text = report.ToString();
        text.Should().Contain(", 100000 conflicts, ").And.Contain("… and 99000 more conflicts, counted but not listed");
        text.Length.Should().BeLessThan(1 << 20);
        await using var scope = site.NewContext();
        var history = await scope.Context.Set<SyncImportRecord>().SingleAsync(r => r.Sender == "c");
        (history.Conflicts, history.Updated).Should().Be((HostileFiles.Conflicts, HostileFiles.Conflicts));
    }

    [SkippableFact]
    public async Task Six_hundred_thousand_unknown_columns_are_skipped_and_counted_with_a_report_of_a_thousand()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);

        // The header is 7.3 MB: over the default MaxRecordLength, so this import raises it.
        var (report, bytes) = await ImportAsync(site, HostileFiles.UnknownColumns(rows: 6), new ImportOptions { MaxRecordLength = 16 << 20 });

        bytes.Should().BeGreaterThan(TenMegabytes);
        report.Tables.Single(t => t.Table == "team").Inserted.Should().Be(6);
        report.Skipped.Should().HaveCount(ImportOptions.DefaultMaxReportedConflicts);
        report.Skipped[0].Should().Be(new SkippedSection("team", "x0", "team has no column x0 in this database's model"));
        report.UnreportedSkipped.Should().Be(HostileFiles.Columns - ImportOptions.DefaultMaxReportedConflicts);
        report.ToString().Length.Should().BeLessThan(1 << 20);
        (await DatabaseState.SyncedRowsAsync(site))["team"]["wide-5"]["name"].Should().Be("team 5");
    }

    [SkippableFact]
    public async Task A_header_longer_than_MaxRecordLength_is_refused_naming_its_table_and_line()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);
        var before = await DatabaseState.FingerprintAsync(site);

        var import = () => ImportAsync(site, HostileFiles.UnknownColumns(rows: 6));

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        (refused.Table, refused.Line).Should().Be(("team", 2L));
        refused.Message.Should().Contain("MaxRecordLength");
        (await DatabaseState.FingerprintAsync(site)).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_limit_of_zero_keeps_only_the_counts()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database);
        await site.ImportAsync($"TABLE team\r\n{HostileFiles.Header}\r\n1,here,t-1,False,{HostileFiles.Stamp}\r\n\r\nEND\r\n", new ImportOptions { Sender = "b" });

        var report = await site.ImportAsync(
            $"TABLE team\r\n{HostileFiles.Header},team.extra\r\n1,there,t-1,False,2026-11-26 08:10:00,x\r\n\r\nTABLE elsewhere\r\nelsewhere.a\r\n1\r\n\r\nEND\r\n",
            new ImportOptions { Sender = "c", MaxReportedConflicts = 0 });

        (report.Conflicts.Count, report.UnreportedConflicts, report.ConflictCount).Should().Be((0, 1L, 1L));
        (report.Skipped.Count, report.UnreportedSkipped).Should().Be((0, 2L));
        report.ToString().Should().Contain(", 1 conflicts, ").And.Contain("… and 1 more conflicts").And.Contain("… and 2 more skipped");
        var negative = () => new ImportOptions { MaxReportedConflicts = -1 };
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static async Task<(MergeReport Report, long Bytes)> ImportAsync(SyncTestHost<FieldContext> site, IEnumerable<string> lines, ImportOptions? options = null)
    {
        await using var file = new GeneratedFileStream(lines);
        await using var scope = site.NewContext();
        var report = await scope.Get<UuidMergeEngine>().ImportAsync(file, options);
        return (report, file.BytesRead);
    }

    private static async Task<SyncTestHost<FieldContext>> SiteAsync(TestDatabase database)
    {
        var site = new SyncTestHost<FieldContext>(database, "here");
        await site.CreateSchemaAsync();
        return site;
    }
}

public sealed class SqliteHostileFileBoundTests : HostileFileBoundTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresHostileFileBoundTests : HostileFileBoundTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
