using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Two instances that share rows, change them offline in every way that is hard to merge, then exchange
/// files both ways: they must end identical, each row the newest version anyone wrote.
/// </summary>
public abstract class ConvergenceTests : DatabaseTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Two_instances_converge_through_ties_tombstones_undeletes_changed_references_and_a_reference_cycle()
    {
        await using var colomboDb = await CreateDatabaseAsync();
        await using var galleDb = await CreateDatabaseAsync();
        await using var colombo = new SyncTestHost<FieldContext>(colomboDb, "col", new TestClock(Day));
        await using var galle = new SyncTestHost<FieldContext>(galleDb, "gal", new TestClock(Day));
        await colombo.CreateSchemaAsync();
        await galle.CreateSchemaAsync();

        // Colombo starts the field team: a cycle (the team's lead is its member) and a self-reference (a mentor).
        await EditAsync(colombo, Day.AddMinutes(1), db =>
        {
            var team = new Team { Name = "North", Uuid = "team-north" };
            var lead = new Member { Name = "Nimal", Uuid = "m-lead", Team = team };
            db.AddRange(team, lead,
                new Member { Name = "Sita", Uuid = "m-sita", Team = team, Mentor = lead },
                new Member { Name = "Ravi", Uuid = "m-ravi", Team = team },
                new Member { Name = "Kamal", Uuid = "m-kamal", Team = team });
        });
        await EditAsync(colombo, Day.AddMinutes(2), db => db.Teams.Single().Lead = Member(db, "m-lead"));
        var first = await galle.ImportAsync(await colombo.ExportAsync());
        first.Tables.Sum(t => t.Inserted).Should().Be(5);

        // Offline on both sides.
        await EditAsync(galle, Day.AddMinutes(10), db => Member(db, "m-kamal").Deleted = true);
        await EditAsync(colombo, Day.AddMinutes(20), db => Member(db, "m-sita").Name = "Sita (Colombo)");
        await EditAsync(colombo, Day.AddMinutes(30), db => db.Remove(Member(db, "m-ravi")));
        await EditAsync(galle, Day.AddMinutes(25), db => Member(db, "m-ravi").Name = "Ravi (Galle, older than the deletion)");
        await EditAsync(colombo, Day.AddMinutes(40), db => Member(db, "m-kamal").Name = "Kamal (Colombo, newer than the deletion)");
        await EditAsync(galle, Day.AddMinutes(50), db =>
        {
            // A new team with a new lead, and Sita moved into it: new rows, a new cycle, a changed reference.
            var south = new Team { Name = "South", Uuid = "team-south" };
            db.AddRange(south, new Member { Name = "Lakmal", Uuid = "m-lakmal", Team = south, Mentor = Member(db, "m-lead") });
            var sita = Member(db, "m-sita");
            sita.Team = south;
            sita.Name = "Sita (Galle)";
        });
        await EditAsync(galle, Day.AddMinutes(51), db => db.Teams.Single(t => t.Uuid == "team-south").Lead = Member(db, "m-lakmal"));

        // The same microsecond on both sides, different values: only the tie rule decides.
        await EditAsync(colombo, Day.AddMinutes(60), db => Member(db, "m-lead").Name = "Nimal A");
        await EditAsync(galle, Day.AddMinutes(60), db => Member(db, "m-lead").Name = "Nimal B");

        await galle.ImportAsync(await colombo.ExportAsync());
        await colombo.ImportAsync(await galle.ExportAsync());

        var colomboRows = await DatabaseState.SyncedRowsAsync(colombo);
        var galleRows = await DatabaseState.SyncedRowsAsync(galle);
        galleRows.Should().BeEquivalentTo(colomboRows, o => o.WithStrictOrdering());
        var members = colomboRows["member"];
        members["m-sita"]["name"].Should().Be("Sita (Galle)", "Galle's edit is the newer");
        members["m-sita"]["team_id"].Should().Be("team-south", "the reference moved with the newer version, as a uuid");
        members["m-ravi"]["deleted"].Should().Be("True", "Colombo's deletion is newer than Galle's edit");
        members["m-kamal"]["deleted"].Should().Be("False", "Colombo's edit is newer than Galle's deletion: the row is back");
        members["m-kamal"]["name"].Should().Be("Kamal (Colombo, newer than the deletion)");
        members["m-lead"]["name"].Should().Be("Nimal B", "on equal stamps the ordinally greater values win, on every instance");
        members["m-lakmal"]["mentor_id"].Should().Be("m-lead");
        colomboRows["team"]["team-south"]["lead_id"].Should().Be("m-lakmal", "the cycle is closed after both rows exist");
        colomboRows["team"]["team-north"]["lead_id"].Should().Be("m-lead");

        // Nothing is left to exchange.
        (await galle.ImportAsync(await colombo.ExportAsync())).HasChanges.Should().BeFalse();
        (await colombo.ImportAsync(await galle.ExportAsync())).HasChanges.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_new_reference_cycle_arriving_in_one_file_is_inserted_and_then_closed()
    {
        await using var sourceDb = await CreateDatabaseAsync();
        await using var targetDb = await CreateDatabaseAsync();
        await using var source = new SyncTestHost<FieldContext>(sourceDb, "src", new TestClock(Day));
        await using var target = new SyncTestHost<FieldContext>(targetDb, "dst", new TestClock(Day));
        await source.CreateSchemaAsync();
        await target.CreateSchemaAsync();
        await EditAsync(source, Day.AddMinutes(1), db =>
        {
            var team = new Team { Name = "East", Uuid = "team-east" };
            db.AddRange(team, new Member { Name = "Anu", Uuid = "m-anu", Team = team }, new Member { Name = "Bala", Uuid = "m-bala", Team = team });
        });

        // EF cannot insert a cycle in one SaveChanges; the file carries it in one go.
        await EditAsync(source, Day.AddMinutes(2), db =>
        {
            Member(db, "m-anu").Mentor = Member(db, "m-bala");
            Member(db, "m-bala").Mentor = Member(db, "m-anu");
            db.Teams.Single().Lead = Member(db, "m-anu");
        });

        await target.ImportAsync(await source.ExportAsync());

        await using var scope = target.NewContext();
        var members = await scope.Context.Members.AsNoTracking().Include(m => m.Team).Include(m => m.Mentor).ToListAsync();
        var teams = await scope.Context.Teams.AsNoTracking().Include(t => t.Lead).ToListAsync();
        teams.Single().Lead!.Uuid.Should().Be("m-anu");
        members.Should().OnlyContain(m => m.Team!.Uuid == "team-east");
        members.Single(m => m.Uuid == "m-anu").Mentor!.Uuid.Should().Be("m-bala");
        members.Single(m => m.Uuid == "m-bala").Mentor!.Uuid.Should().Be("m-anu");
    }

    [SkippableFact]
    public async Task A_delta_file_imports_without_the_rows_its_references_point_at()
    {
        await using var sourceDb = await CreateDatabaseAsync();
        await using var targetDb = await CreateDatabaseAsync();
        await using var source = new SyncTestHost<FieldContext>(sourceDb, "src", new TestClock(Day));
        await using var target = new SyncTestHost<FieldContext>(targetDb, "dst", new TestClock(Day));
        await source.CreateSchemaAsync();
        await target.CreateSchemaAsync();
        await EditAsync(source, Day.AddMinutes(1), db => db.Add(new Team { Name = "West", Uuid = "team-west" }));
        var full = await target.ImportAsync(await source.ExportAsync());
        await EditAsync(source, Day.AddMinutes(5), db => db.Add(new Member { Name = "Chandra", Uuid = "m-chandra", Team = db.Teams.Single() }));

        var delta = await source.ExportAsync(new ExportOptions { ModifiedSince = full.Sender!.LastUpdate });
        var report = await target.ImportAsync(delta);

        System.Text.Encoding.UTF8.GetString(delta).Should().Contain("team_id__uuid").And.NotContain("West", "the team is older than the delta");
        report.Tables.Single(t => t.Table == "member").Inserted.Should().Be(1);
        report.Sender!.SyncCount.Should().Be(2);
        (await DatabaseState.SyncedRowsAsync(target))["member"]["m-chandra"]["team_id"].Should().Be("team-west");
    }

    [SkippableTheory]
    [InlineData(SyncConflictPolicy.NewestWins, "Colombo, later")]
    [InlineData(SyncConflictPolicy.LocalWins, "Galle, earlier")]
    [InlineData(SyncConflictPolicy.RemoteWins, "Colombo, later")]
    public async Task Conflict_policy_decides_a_row_both_sides_changed_and_the_report_names_both_versions(SyncConflictPolicy policy, string expected)
    {
        var (colombo, galle, databases) = await TwoSitesSharingATeamAsync();
        await using var _ = databases;
        await EditAsync(galle, Day.AddMinutes(10), db => db.Teams.Single().Name = "Galle, earlier");
        await EditAsync(colombo, Day.AddMinutes(20), db => db.Teams.Single().Name = "Colombo, later");

        var report = await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ConflictPolicy = policy });

        var conflict = report.Conflicts.Should().ContainSingle().Subject;
        conflict.Table.Should().Be("team");
        conflict.LocalValues["name"].Should().Be("Galle, earlier");
        conflict.RemoteValues["name"].Should().Be("Colombo, later");
        conflict.RemoteModifiedOn.Should().BeAfter(conflict.LocalModifiedOn);
        conflict.Winner.Should().Be(policy == SyncConflictPolicy.LocalWins ? SyncConflictWinner.Local : SyncConflictWinner.Remote);
        (await DatabaseState.SyncedRowsAsync(galle))["team"]["team-one"]["name"].Should().Be(expected);

        // Whatever the policy chose travels back and wins at the other site too.
        await colombo.ImportAsync(await galle.ExportAsync());
        (await DatabaseState.SyncedRowsAsync(colombo)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(galle), o => o.WithStrictOrdering());
        await colombo.DisposeAsync();
        await galle.DisposeAsync();
    }

    [SkippableFact]
    public async Task Conflict_delegate_sees_both_versions_and_picks_the_winner()
    {
        var (colombo, galle, databases) = await TwoSitesSharingATeamAsync();
        await using var _ = databases;
        await EditAsync(galle, Day.AddMinutes(20), db => db.Teams.Single().Name = "Galle, later");
        await EditAsync(colombo, Day.AddMinutes(10), db => db.Teams.Single().Name = "Colombo, earlier but official");
        var seen = new List<SyncConflict>();

        var report = await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions
        {
            ResolveConflict = conflict =>
            {
                seen.Add(conflict);
                return conflict.RemoteValues["name"]!.Contains("official", StringComparison.Ordinal) ? SyncConflictWinner.Remote : SyncConflictWinner.Local;
            },
        });

        seen.Should().ContainSingle();
        report.Conflicts.Single().Winner.Should().Be(SyncConflictWinner.Remote);
        (await DatabaseState.SyncedRowsAsync(galle))["team"]["team-one"]["name"].Should().Be("Colombo, earlier but official");
        await colombo.DisposeAsync();
        await galle.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_remote_edit_to_a_row_not_changed_here_since_the_last_sync_is_an_update_not_a_conflict()
    {
        var (colombo, galle, databases) = await TwoSitesSharingATeamAsync();
        await using var _ = databases;
        await EditAsync(colombo, Day.AddMinutes(10), db => db.Teams.Single().Name = "Renamed at Colombo");

        var report = await galle.ImportAsync(await colombo.ExportAsync(), new ImportOptions { ConflictPolicy = SyncConflictPolicy.LocalWins });

        report.Conflicts.Should().BeEmpty();
        report.Tables.Single(t => t.Table == "team").Updated.Should().Be(1);
        (await DatabaseState.SyncedRowsAsync(galle))["team"]["team-one"]["name"].Should().Be("Renamed at Colombo");
        await colombo.DisposeAsync();
        await galle.DisposeAsync();
    }

    [SkippableFact]
    public async Task Several_versions_of_one_uuid_in_a_file_give_the_newest_whatever_their_order()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "dst", new TestClock(Day));
        await host.CreateSchemaAsync();
        const string Header = "TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n";
        var file = Header
            + "1,second,<NULL>,t-1,False,2026-11-26 08:00:02\r\n"
            + "2,tie low,<NULL>,t-1,False,2026-11-26 08:00:03\r\n"
            + "3,first,<NULL>,t-1,False,2026-11-26 08:00:01\r\n"
            + "4,tie high,<NULL>,t-1,False,2026-11-26 08:00:03\r\n"
            + "5,tie low again,<NULL>,t-1,False,2026-11-26 08:00:03\r\n\r\n\r\nEND";

        var report = await host.ImportAsync(file);

        report.Tables.Single().Should().Match<TableMergeReport>(t => t.Inserted == 1 && t.OlderSkipped == 4 && t.Rows == 5);
        (await DatabaseState.SyncedRowsAsync(host))["team"]["t-1"]["name"].Should().Be("tie low again", "on equal stamps the ordinally greatest values win");
    }

    [SkippableFact]
    public async Task Uuids_with_quotes_backslashes_commas_and_other_scripts_find_their_local_rows()
    {
        // The look-up hands a batch of uuids to the database in one parameter (a JSON array on SQLite, an array on
        // PostgreSQL): each must arrive as it was, or its row would be inserted a second time.
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<FieldContext>(database, "dst", new TestClock(Day));
        await host.CreateSchemaAsync();
        string[] uuids = ["q\"uote", "back\\slash", "com,ma", "ශ්‍රී ලංකා", "இலங்கை", "tab\tand\u0001", "[\"json\"]", "x' OR '1'='1"];
        string File(string name, string stamp) => "TABLE team\r\nteam.id,team.name,team.lead_id,team.uuid,team.deleted,team.modified_on\r\n"
            + string.Concat(uuids.Select((u, i) => $"{i + 1},{name},<NULL>,\"{u.Replace("\"", "\"\"", StringComparison.Ordinal)}\",False,{stamp}\r\n"))
            + "\r\n\r\nEND";

        (await host.ImportAsync(File("first", "2026-11-26 08:00:01"))).Tables.Single().Inserted.Should().Be(uuids.Length);
        var report = await host.ImportAsync(File("second", "2026-11-26 08:00:02"));

        report.Tables.Single().Should().Match<TableMergeReport>(t => t.Inserted == 0 && t.Updated == uuids.Length);
        var teams = (await DatabaseState.SyncedRowsAsync(host))["team"];
        teams.Keys.Should().BeEquivalentTo(uuids);
        teams.Values.Should().OnlyContain(t => t["name"] == "second");
    }

    [SkippableFact]
    public async Task A_delta_from_a_known_peer_reads_local_values_only_for_rows_its_stamps_cannot_decide()
    {
        var (colombo, galleSite, databases) = await TwoSitesSharingATeamAsync();
        await using var _ = databases;
        await colombo.DisposeAsync();
        await galleSite.DisposeAsync();
        colombo = new SyncTestHost<FieldContext>(databases.First, "col", new TestClock(Day));
        var seen = new Reliability.CommandFaults();
        await using var galle = new SyncTestHost<FieldContext>(databases.Second, "gal", new TestClock(Day), interceptors: seen);
        await EditAsync(colombo, Day.AddMinutes(10), db => db.Teams.Single().Name = "Renamed at Colombo");

        seen.Arm();
        (await galle.ImportAsync(await colombo.ExportAsync())).Tables.Single(t => t.Table == "team").Updated.Should().Be(1);
        var newer = LookUps(seen);

        // The same microsecond on both sides: only the values can decide.
        await EditAsync(colombo, Day.AddMinutes(20), db => db.Teams.Single().Name = "Tie A");
        await EditAsync(galle, Day.AddMinutes(20), db => db.Teams.Single().Name = "Tie B");
        seen.Arm();
        await galle.ImportAsync(await colombo.ExportAsync());
        var tie = LookUps(seen);
        seen.Disarm();

        newer.Should().ContainSingle("a newer version is decided by its stamp").Which.Should().NotContain("t.name");
        tie.Should().HaveCount(2).And.Contain(t => t.Contains("t.name", StringComparison.Ordinal), "a tie reads the local row's values");
        (await DatabaseState.SyncedRowsAsync(galle))["team"]["team-one"]["name"].Should().Be("Tie B", "the ordinally greater values win the tie");
        await colombo.DisposeAsync();

        static List<string> LookUps(Reliability.CommandFaults commands) => [.. commands.Texts
            .Select(t => t.Replace("\"", "", StringComparison.Ordinal))
            .Where(t => t.StartsWith("SELECT t.", StringComparison.Ordinal) && t.Contains("FROM team t", StringComparison.Ordinal))];
    }

    private static Member Member(FieldContext db, string uuid) => db.Members.Single(m => m.Uuid == uuid);

    private static async Task EditAsync(SyncTestHost<FieldContext> host, DateTimeOffset at, Action<FieldContext> edit)
    {
        host.Time.SetUtcNow(at);
        await using var scope = host.NewContext();
        edit(scope.Context);
        await scope.Context.SaveChangesAsync();
    }

    private async Task<(SyncTestHost<FieldContext> Colombo, SyncTestHost<FieldContext> Galle, DisposableDatabases Databases)> TwoSitesSharingATeamAsync()
    {
        var databases = new DisposableDatabases(await CreateDatabaseAsync(), await CreateDatabaseAsync());
        var colombo = new SyncTestHost<FieldContext>(databases.First, "col", new TestClock(Day));
        var galle = new SyncTestHost<FieldContext>(databases.Second, "gal", new TestClock(Day));
        await colombo.CreateSchemaAsync();
        await galle.CreateSchemaAsync();
        await EditAsync(colombo, Day.AddMinutes(1), db => db.Add(new Team { Name = "One", Uuid = "team-one" }));
        await galle.ImportAsync(await colombo.ExportAsync());
        await colombo.ImportAsync(await galle.ExportAsync());
        return (colombo, galle, databases);
    }

    private sealed class DisposableDatabases(TestDatabase first, TestDatabase second) : IAsyncDisposable
    {
        public TestDatabase First => first;

        public TestDatabase Second => second;

        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}

public sealed class SqliteConvergenceTests : ConvergenceTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresConvergenceTests : ConvergenceTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
