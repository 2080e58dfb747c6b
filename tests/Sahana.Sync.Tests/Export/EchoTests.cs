using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sahana.Sync.Tests.Export;

/// <summary>
/// Issue 16, item 5: a delta exported for peer X leaves out the rows whose current version came from X, which has
/// them already; it used to carry them all back down the links that have the least bandwidth.
/// </summary>
public abstract class EchoTests(ITestOutputHelper output) : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTime LongAgo = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [SkippableFact]
    public async Task A_delta_for_a_peer_leaves_out_what_it_sent_but_not_what_was_edited_here_since()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2"), Team("c-3")));
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });
        await galle.EditAsync(db =>
        {
            db.Add(Team("g-1"));
            db.Teams.Single(t => t.Uuid == "c-2").Name = "edited at Galle";
        });

        var forColombo = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        var forAnyone = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo });

        Uuids(forColombo.File).Should().BeEquivalentTo(["g-1", "c-2"], "c-1 and c-3 are as Colombo sent them; c-2 was edited here");
        forColombo.Result.Tables.Single(t => t.Table == "team").EchoesLeftOut.Should().Be(2);
        Uuids(forAnyone.File).Should().BeEquivalentTo(["c-1", "c-2", "c-3", "g-1"], "a delta for no one leaves nothing out");

        await colombo.ImportAsync(forColombo.File, new ImportOptions { ExpectedSender = "gal" });
        (await DatabaseState.SyncedRowsAsync(colombo)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(galle), "both hold the same rows after the echo-free delta");
    }

    [SkippableFact]
    public async Task A_row_another_instance_changed_since_goes_back_to_the_peer_it_first_came_from()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await using var kandyDb = await CreateDatabaseAsync();
        await using var kandy = new SyncTestHost<FieldContext>(kandyDb, "kdy", new TestClock(Now));
        await kandy.CreateSchemaAsync();

        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));
        var fromColombo = await colombo.ExportAsync();
        await galle.ImportAsync(fromColombo, new ImportOptions { ExpectedSender = "col" });
        await kandy.ImportAsync(fromColombo, new ImportOptions { ExpectedSender = "col" });
        kandy.Time.Advance(TimeSpan.FromMinutes(5));
        await kandy.EditAsync(db => db.Teams.Single(t => t.Uuid == "c-1").Name = "edited at Kandy");
        await galle.ImportAsync(await kandy.ExportAsync(), new ImportOptions { ExpectedSender = "kdy" });

        var forColombo = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        var forKandy = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "kdy" });

        Uuids(forColombo.File).Should().BeEquivalentTo(["c-1"], "Kandy's version of c-1 is not Colombo's; c-2 is as Colombo sent it");
        Uuids(forKandy.File).Should().BeEquivalentTo(["c-2"], "c-1 is as Kandy sent it; c-2 came here from Colombo first, and only the first sender is known to have it");
    }

    [SkippableFact]
    public async Task A_file_whose_sender_nobody_vouched_for_makes_no_rows_stay_behind()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));

        // A stick that only claims to come from Colombo: leaving its rows out of Colombo's deltas would let a forger
        // keep rows from Colombo for good.
        await galle.ImportAsync(await colombo.ExportAsync());
        var forColombo = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });

        Uuids(forColombo.File).Should().BeEquivalentTo(["c-1", "c-2"]);
    }

    [SkippableFact]
    public async Task A_full_export_for_a_peer_leaves_nothing_out()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });

        var full = await galle.ExportResultAsync(new ExportOptions { Recipient = "col" });

        Uuids(full.File).Should().BeEquivalentTo(["c-1", "c-2"], "a full export repairs a peer: it carries everything");
    }

    /// <summary>
    /// Two sites exchange deltas both ways after each edits a share of 2,000 rows; the bytes of Galle's delta back
    /// to Colombo with and without the echoes, and both sites identical afterwards.
    /// </summary>
    [SkippableFact]
    public async Task On_a_two_site_exchange_the_delta_back_is_smaller_by_the_echoes_and_the_sites_converge()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Enumerable.Range(0, 1000).Select(i => Team($"c-{i:D4}"))));
        await galle.EditAsync(db => db.AddRange(Enumerable.Range(0, 1000).Select(i => Team($"g-{i:D4}"))));
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });
        await colombo.ImportAsync(await galle.ExportAsync(), new ImportOptions { ExpectedSender = "gal" });

        // A day's work: each site edits a tenth of its own rows and a twentieth of the other's, then they sync.
        colombo.Time.Advance(TimeSpan.FromHours(1));
        galle.Time.Advance(TimeSpan.FromHours(1));
        await colombo.EditAsync(db => Rename(db, "c-", 10, "colombo"));
        await colombo.EditAsync(db => Rename(db, "g-", 20, "colombo"));
        await galle.EditAsync(db => Rename(db, "g-", 10, "galle"));
        var colomboToGalle = await colombo.ExportResultAsync(new ExportOptions { ModifiedSince = await galle.LastUpdateOfAsync("col"), Recipient = "gal" });
        await galle.ImportAsync(colomboToGalle.File, new ImportOptions { ExpectedSender = "col" });

        var since = await colombo.LastUpdateOfAsync("gal");
        var withEchoes = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = since });
        var withoutEchoes = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = since, Recipient = "col" });
        await colombo.ImportAsync(withoutEchoes.File, new ImportOptions { ExpectedSender = "gal" });

        output.WriteLine(
            $"{DatabaseProvider}: Galle's delta back to Colombo, 2,000 rows, 150 edited at Colombo and sent over, 100 at Galle: "
            + $"{withEchoes.File.Length:N0} bytes ({withEchoes.Result.TotalRows} rows) with echoes, {withoutEchoes.File.Length:N0} bytes "
            + $"({withoutEchoes.Result.TotalRows} rows) without: {1 - ((double)withoutEchoes.File.Length / withEchoes.File.Length):P0} saved.");
        // Colombo's 100 edits of its own rows are echoes; of its 50 edits of Galle's rows, Galle edited each again.
        withoutEchoes.Result.Tables.Sum(t => t.EchoesLeftOut).Should().Be(100).And.Be(withEchoes.Result.TotalRows - withoutEchoes.Result.TotalRows);
        withoutEchoes.File.Length.Should().BeLessThan(withEchoes.File.Length);
        (await DatabaseState.SyncedRowsAsync(colombo)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(galle));
    }

    protected abstract string DatabaseProvider { get; }

    [SkippableFact]
    public async Task Imports_only_append_origins_and_pruning_folds_them_so_the_log_stays_empty_between_syncs()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });
        colombo.Time.Advance(TimeSpan.FromMinutes(5));
        await colombo.EditAsync(db => db.Teams.Single(t => t.Uuid == "c-1").Name = "edited at Colombo");
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });

        (await CountAsync(galle, "sync_origin_log")).Should().Be(3, "each import appends the origins it wrote");
        (await CountAsync(galle, "sync_origin")).Should().Be(0);

        await using (var scope = galle.NewContext())
        {
            await scope.Get<SyncImportHistory>().PruneAsync();
        }

        (await CountAsync(galle, "sync_origin_log")).Should().Be(0, "the hourly pruning folds the log");
        (await CountAsync(galle, "sync_origin")).Should().Be(2, "one origin per row, the latest of c-1's two");
        var forColombo = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        Uuids(forColombo.File).Should().BeEmpty("both rows are as Colombo last sent them");
        forColombo.Result.Tables.Single(t => t.Table == "team").EchoesLeftOut.Should().Be(2);
    }

    [SkippableFact]
    public async Task A_delta_inside_the_callers_transaction_folds_nothing_and_only_sends_echoes_it_cannot_rule_out()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));
        await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ExpectedSender = "col" });

        await using var scope = galle.NewContext();
        await using var transaction = await scope.Context.Database.BeginTransactionAsync();
        using var file = new MemoryStream();
        await scope.Get<SyncExporter>().ExportAsync(file, new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        await transaction.CommitAsync();

        Uuids(file.ToArray()).Should().BeEquivalentTo(["c-1", "c-2"], "the log is folded only in a transaction of its own");
        (await CountAsync(galle, "sync_origin_log")).Should().Be(2);
        var outside = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        Uuids(outside.File).Should().BeEmpty("outside the caller's transaction the delta folds the log first");
    }

    [SkippableFact]
    public async Task A_stamp_finer_than_the_database_keeps_is_still_known_as_the_one_the_peer_sent()
    {
        await using var sites = await TwoSitesAsync();
        var (colombo, galle) = (sites.A, sites.B);
        await colombo.EditAsync(db => db.AddRange(Team("c-1"), Team("c-2")));

        // A file may carry ten-millionths of a second; both providers keep microseconds, and the origin must be
        // folded to the stamp the row got, or the echo goes back.
        var lines = Encoding.UTF8.GetString(await colombo.ExportAsync()).Split("\r\n");
        var row = Array.FindIndex(lines, l => l.Contains(",c-1,", StringComparison.Ordinal) || l.EndsWith(",c-1", StringComparison.Ordinal) || l.StartsWith("c-1,", StringComparison.Ordinal));
        row.Should().BePositive();
        var stamp = System.Text.RegularExpressions.Regex.Match(lines[row], @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?");
        stamp.Success.Should().BeTrue();
        lines[row] = lines[row].Replace(stamp.Value, stamp.Value[..19] + ".1234567", StringComparison.Ordinal);
        var end = Array.IndexOf(lines, "END");
        var altered = string.Join("\r\n", lines[..(end + 1)]) + "\r\n"; // unsigned: the signature covered the old stamp
        await galle.ImportAsync(Encoding.UTF8.GetBytes(altered), new ImportOptions { ExpectedSender = "col" });

        var forColombo = await galle.ExportResultAsync(new ExportOptions { ModifiedSince = LongAgo, Recipient = "col" });
        Uuids(forColombo.File).Should().BeEmpty("both rows are as Colombo sent them, to the microsecond the database keeps");
    }

    private static async Task<long> CountAsync(SyncTestHost<FieldContext> host, string table)
    {
        await using var scope = host.NewContext();
        var connection = scope.Context.Database.GetDbConnection();
        await scope.Context.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Team Team(string uuid) => new() { Name = uuid, Uuid = uuid };

    private static void Rename(FieldContext db, string prefix, int every, string by)
    {
        var teams = db.Teams.Where(t => t.Uuid.StartsWith(prefix)).OrderBy(t => t.Uuid).ToList();
        for (var i = 0; i < teams.Count; i += every)
        {
            teams[i].Name = $"{teams[i].Uuid} edited at {by}";
        }
    }

    private static List<string> Uuids(byte[] file)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd('\r') == "TABLE team");
        var header = lines[start + 1].TrimEnd('\r').Split(',');
        var uuid = Array.IndexOf(header, "team.uuid");
        return [.. lines.Skip(start + 2).TakeWhile(l => l.TrimEnd('\r').Length > 0).Select(l => l.TrimEnd('\r').Split(',')[uuid])];
    }

    private async Task<(SyncTestHost<FieldContext> A, SyncTestHost<FieldContext> B, TestDatabase DbA, TestDatabase DbB)> CreateAsync()
    {
        var dbA = await CreateDatabaseAsync();
        var dbB = await CreateDatabaseAsync();
        var a = new SyncTestHost<FieldContext>(dbA, "col", new TestClock(Now));
        var b = new SyncTestHost<FieldContext>(dbB, "gal", new TestClock(Now.AddMinutes(1)));
        await a.CreateSchemaAsync();
        await b.CreateSchemaAsync();
        return (a, b, dbA, dbB);
    }

    private async Task<Sites> TwoSitesAsync()
    {
        var (a, b, dbA, dbB) = await CreateAsync();
        return new Sites(a, b, dbA, dbB);
    }

    private sealed record Sites(SyncTestHost<FieldContext> A, SyncTestHost<FieldContext> B, TestDatabase DbA, TestDatabase DbB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await DbA.DisposeAsync();
            await DbB.DisposeAsync();
        }
    }
}

public sealed class SqliteEchoTests(ITestOutputHelper output) : EchoTests(output)
{
    protected override string DatabaseProvider => "SQLite";

    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresEchoTests(ITestOutputHelper output) : EchoTests(output)
{
    protected override string DatabaseProvider => "PostgreSQL";

    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
