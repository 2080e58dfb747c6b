using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Issue 19: no edit silently lost. Every version that loses a conflict is kept in <c>sync_conflict</c>, in the import's
/// transaction, until someone reinstates it (a new local edit that wins and travels) or dismisses it.
/// </summary>
public abstract class ConflictLogTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_local_edit_that_loses_is_kept_with_its_values_its_stamps_and_its_import()
    {
        await using var sites = await SitesAsync();
        await sites.EditBothAsync("t-north", galle: "insulin delivered", colombo: "visited, nothing needed");

        var report = await DeltaAsync(sites.Colombo, sites.Galle);

        report.ConflictCount.Should().Be(1);
        var entry = (await EntriesAsync(sites.Galle)).Should().ContainSingle().Subject;
        entry.Table.Should().Be("team");
        entry.Uuid.Should().Be("t-north");
        entry.Winner.Should().Be(SyncConflictWinner.Remote);
        entry.Sender.Should().Be("col");
        entry.State.Should().Be(SyncConflictState.Open);
        Values(entry.LoserValues)["name"].Should().Be("insulin delivered");
        Values(entry.WinnerValues)["name"].Should().Be("visited, nothing needed");
        entry.LoserModifiedOn.Should().Be(sites.GalleStamp).And.BeBefore(entry.WinnerModifiedOn);
        entry.LoserModifiedOn.Kind.Should().Be(DateTimeKind.Utc);
        await using (var scope = sites.Galle.NewContext())
        {
            (await scope.Context.Set<SyncImportRecord>().SingleAsync(r => r.Id == entry.ImportId)).Sender.Should().Be("col", "the entry names the import that decided it");
        }

        Encoding.UTF8.GetString(await sites.Galle.ExportAsync(new ExportOptions { Backup = true })).Should().NotContain("sync_conflict", "the log is this site's own: not even a backup carries it");
    }

    [SkippableFact]
    public async Task A_winner_later_overwritten_in_turn_is_logged_again()
    {
        await using var sites = await SitesAsync();
        await sites.EditBothAsync("t-north", galle: "galle 1", colombo: "colombo 1");
        await DeltaAsync(sites.Colombo, sites.Galle);
        await DeltaAsync(sites.Galle, sites.Colombo);

        // Colombo edits first this time, Galle later (its clock was 10 minutes behind): Galle's edit wins, and Colombo's,
        // the earlier winner, is logged.
        sites.Advance(TimeSpan.FromHours(1));
        await sites.Colombo.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-north").Name = "colombo 2");
        sites.Galle.Time.Advance(TimeSpan.FromMinutes(20));
        await sites.Galle.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-north").Name = "galle 2");
        await DeltaAsync(sites.Colombo, sites.Galle);

        var entries = await EntriesAsync(sites.Galle);
        entries.Select(e => (Values(e.LoserValues)["name"], e.Winner)).Should().BeEquivalentTo(
            [("galle 1", SyncConflictWinner.Remote), ("colombo 2", SyncConflictWinner.Local)]);
    }

    [SkippableFact]
    public async Task A_tombstone_that_loses_to_an_edit_is_logged_as_a_deletion()
    {
        await using var sites = await SitesAsync();
        await sites.Galle.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-north").Deleted = true);
        sites.Colombo.Time.Advance(TimeSpan.FromMinutes(10));
        await sites.Colombo.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-north").Name = "still needed");

        await DeltaAsync(sites.Colombo, sites.Galle);

        var entry = (await EntriesAsync(sites.Galle)).Should().ContainSingle().Subject;
        entry.LoserDeleted.Should().BeTrue();
        Values(entry.LoserValues)["deleted"].Should().Be("True");
    }

    [SkippableFact]
    public async Task References_in_the_losing_values_are_the_referenced_rows_uuids()
    {
        await using var sites = await SitesAsync();
        await sites.MoveBothAsync(galleTo: "t-south", colomboTo: "t-west");

        await DeltaAsync(sites.Colombo, sites.Galle);

        var entry = (await EntriesAsync(sites.Galle)).Should().ContainSingle(e => e.Table == "member").Subject;
        Values(entry.LoserValues)["team_id"].Should().Be("t-south");
        Values(entry.WinnerValues)["team_id"].Should().Be("t-west");
    }

    [SkippableFact]
    public async Task Reinstating_makes_the_losing_version_a_new_edit_that_wins_here_and_travels()
    {
        await using var sites = await SitesAsync();
        await sites.EditBothAsync("t-north", galle: "insulin delivered", colombo: "visited, nothing needed");
        await DeltaAsync(sites.Colombo, sites.Galle);
        var entry = (await EntriesAsync(sites.Galle)).Single();

        sites.Advance(TimeSpan.FromMinutes(30));
        await using (var scope = sites.Galle.NewContext())
        {
            await scope.Get<SyncConflictLog>().ReinstateAsync(entry.Id, "nurse anu");
        }

        (await NameAsync(sites.Galle, "t-north")).Should().Be("insulin delivered");
        var resolved = (await EntriesAsync(sites.Galle, state: null)).Should().ContainSingle().Subject;
        resolved.State.Should().Be(SyncConflictState.Reinstated, "reinstating is no new conflict");
        resolved.ResolvedBy.Should().Be("nurse anu");
        await DeltaAsync(sites.Galle, sites.Colombo);
        (await NameAsync(sites.Colombo, "t-north")).Should().Be("insulin delivered", "the reinstated version is an edit like any other");
        (await DatabaseState.SyncedRowsAsync(sites.Colombo)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(sites.Galle));
    }

    [SkippableFact]
    public async Task Reinstating_a_version_whose_referenced_row_was_deleted_since_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        await sites.MoveBothAsync(galleTo: "t-south", colomboTo: "t-west");
        await DeltaAsync(sites.Colombo, sites.Galle);
        var entry = (await EntriesAsync(sites.Galle)).Single(e => e.Table == "member");
        await sites.Galle.EditAsync(db => db.Teams.Single(t => t.Uuid == "t-south").Deleted = true);
        var before = await DatabaseState.FingerprintAsync(sites.Galle);

        Func<Task> reinstate = async () =>
        {
            await using var scope = sites.Galle.NewContext();
            await scope.Get<SyncConflictLog>().ReinstateAsync(entry.Id, "nurse anu");
        };

        (await reinstate.Should().ThrowAsync<SyncReferenceException>()).WithMessage("*t-south*deleted*");
        (await DatabaseState.FingerprintAsync(sites.Galle)).Should().Be(before);
        (await EntriesAsync(sites.Galle)).Should().Contain(e => e.Id == entry.Id, "the entry stays open");
    }

    [SkippableFact]
    public async Task Dismissing_closes_an_entry_and_retention_deletes_only_resolved_ones()
    {
        await using var sites = await SitesAsync(o => o.ConflictRetention = TimeSpan.FromDays(7));
        await sites.EditBothAsync("t-north", galle: "galle", colombo: "colombo");
        await sites.MoveBothAsync(galleTo: "t-south", colomboTo: "t-west");
        await DeltaAsync(sites.Colombo, sites.Galle);
        var entries = await EntriesAsync(sites.Galle);
        entries.Should().HaveCount(2);
        var dismissed = entries.Single(e => e.Table == "team");
        await using (var scope = sites.Galle.NewContext())
        {
            await scope.Get<SyncConflictLog>().DismissAsync(dismissed.Id, "nurse anu");
            var again = () => scope.Get<SyncConflictLog>().DismissAsync(dismissed.Id, "nurse anu");
            await again.Should().ThrowAsync<SyncException>("it is no longer open");
        }

        // Eight days on, the next import prunes the dismissed entry; the open one stays however old.
        sites.Advance(TimeSpan.FromDays(8));
        await sites.Colombo.EditAsync(db => db.Add(new Team { Name = "east", Uuid = "t-east" }));
        await DeltaAsync(sites.Colombo, sites.Galle);

        (await EntriesAsync(sites.Galle, state: null)).Select(e => e.Table).Should().Equal("member");
    }

    protected abstract Task<TestDatabase> Database();

    protected override Task<TestDatabase> CreateDatabaseAsync() => Database();

    private static Dictionary<string, string?> Values(string json) => JsonSerializer.Deserialize<Dictionary<string, string?>>(json)!;

    private static async Task<List<SyncConflictRecord>> EntriesAsync(SyncTestHost<FieldContext> site, SyncConflictState? state = SyncConflictState.Open)
    {
        await using var scope = site.NewContext();
        return [.. (await scope.Get<SyncConflictLog>().ListAsync(state)).OrderBy(e => e.LoserModifiedOn)];
    }

    private static async Task<string?> NameAsync(SyncTestHost<FieldContext> site, string uuid)
    {
        await using var scope = site.NewContext();
        return await scope.Context.Teams.Where(t => t.Uuid == uuid).Select(t => t.Name).SingleAsync();
    }

    /// <summary><paramref name="to"/> imports what changed at <paramref name="from"/> since its last file, vouching for the sender.</summary>
    private static async Task<MergeReport> DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to)
    {
        var sender = from.InstanceId;
        var since = await to.LastUpdateOfAsync(sender);
        return await to.ImportAsync(await from.ExportAsync(new ExportOptions { ModifiedSince = since }), new ImportOptions { ExpectedSender = sender });
    }

    private async Task<Sites> SitesAsync(Action<SahanaSyncOptions>? configure = null)
    {
        var colomboDb = await CreateDatabaseAsync();
        var galleDb = await CreateDatabaseAsync();
        var colombo = new SyncTestHost<FieldContext>(colomboDb, "col", new TestClock(Now), configure);
        var galle = new SyncTestHost<FieldContext>(galleDb, "gal", new TestClock(Now), configure);
        var sites = new Sites(colombo, galle, colomboDb, galleDb);
        await colombo.CreateSchemaAsync();
        await galle.CreateSchemaAsync();
        await colombo.EditAsync(db =>
        {
            db.AddRange(
                new Team { Name = "north", Uuid = "t-north" },
                new Team { Name = "south", Uuid = "t-south" },
                new Team { Name = "west", Uuid = "t-west" });
            db.Add(new Member { Name = "anu", Uuid = "m-anu", Team = db.Teams.Local.Single(t => t.Uuid == "t-north") });
        });
        await DeltaAsync(colombo, galle);
        await DeltaAsync(galle, colombo);
        sites.Advance(TimeSpan.FromHours(1));
        return sites;
    }

    private sealed class Sites(SyncTestHost<FieldContext> colombo, SyncTestHost<FieldContext> galle, TestDatabase colomboDb, TestDatabase galleDb) : IAsyncDisposable
    {
        public SyncTestHost<FieldContext> Colombo => colombo;

        public SyncTestHost<FieldContext> Galle => galle;

        public DateTime GalleStamp { get; private set; }

        public void Advance(TimeSpan by)
        {
            colombo.Time.Advance(by);
            galle.Time.Advance(by);
        }

        /// <summary>Both sites edit one team offline, Galle first: Colombo's edit is the newer.</summary>
        public async Task EditBothAsync(string uuid, string galle, string colombo)
        {
            await Galle.EditAsync(db => db.Teams.Single(t => t.Uuid == uuid).Name = galle);
            await using (var scope = Galle.NewContext())
            {
                GalleStamp = DateTime.SpecifyKind(await scope.Context.Teams.Where(t => t.Uuid == uuid).Select(t => t.ModifiedOn).SingleAsync(), DateTimeKind.Utc);
            }

            Colombo.Time.Advance(TimeSpan.FromMinutes(10));
            await Colombo.EditAsync(db => db.Teams.Single(t => t.Uuid == uuid).Name = colombo);
        }

        /// <summary>Both sites move the member anu to another team offline, Galle first.</summary>
        public async Task MoveBothAsync(string galleTo, string colomboTo)
        {
            await Galle.EditAsync(db => db.Members.Single(m => m.Uuid == "m-anu").Team = db.Teams.Single(t => t.Uuid == galleTo));
            Colombo.Time.Advance(TimeSpan.FromMinutes(10));
            await Colombo.EditAsync(db => db.Members.Single(m => m.Uuid == "m-anu").Team = db.Teams.Single(t => t.Uuid == colomboTo));
        }

        public async ValueTask DisposeAsync()
        {
            await colombo.DisposeAsync();
            await galle.DisposeAsync();
            await colomboDb.DisposeAsync();
            await galleDb.DisposeAsync();
        }
    }
}

public sealed class SqliteConflictLogTests : ConflictLogTests
{
    protected override Task<TestDatabase> Database() => Sqlite();
}

public sealed class PostgresConflictLogTests : ConflictLogTests
{
    protected override Task<TestDatabase> Database() => Postgres();
}
