using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Export;

public abstract class SyncExporterTests : DatabaseTests
{
    private static readonly string[] SyncedTables = ["org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration"];

    [SkippableTheory]
    [InlineData("two-sites", "a_final.csv")]
    [InlineData("two-sites", "b_final.csv")]
    [InlineData("two-sites-shuffled", "b_final.csv")]
    [InlineData("empty-tables", "a_empty.csv")]
    public async Task Export_of_a_pydal_dump_gives_the_bytes_pydal_wrote_for_every_synced_table(string folder, string file)
    {
        await using var database = await CreateDatabaseAsync();
        var path = FixtureLoader.PathOf(folder, file);
        await FixtureLoader.LoadAsync(database, path);
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        var exported = await ExportAsync(host);

        var pydal = FixtureLoader.ReadText(path);
        foreach (var table in SyncedTables)
        {
            FixtureLoader.Section(exported, table).Should().Be(FixtureLoader.Section(pydal, table), $"{table} is written as pydal writes it");
        }
    }

    [SkippableFact]
    public async Task Export_is_framed_as_web2py_writes_it_and_leaves_local_tables_out()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database, configure: o => { o.Owner = "Colombo office"; o.Url = "https://col.example.org"; });
        await host.CreateSchemaAsync();

        var exported = await ExportAsync(host);

        exported.Should().StartWith("TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,sync_instance.last_update,sync_instance.sync_count\r\n"
            + "col,Colombo office,<NULL>,https://col.example.org,2026-11-26 09:00:00,0\r\n\r\n\r\nTABLE ");
        exported.Should().MatchRegex("\r\n\r\n\r\nEND\r\nSIGNATURE col ES256 [A-Za-z0-9+/=]+ [A-Za-z0-9+/=]{88}\r\n$", "a signature line follows END");
        exported = DatabaseState.WithoutSignature(exported);
        exported.Should().EndWith("\r\n\r\n\r\nEND");
        exported.Should().NotContain("TABLE org_sector").And.NotContain("TABLE gis_config");
        var order = SyncedTables.Select(t => exported.IndexOf($"TABLE {t}\r\n", StringComparison.Ordinal)).ToList();
        order.Should().OnlyContain(i => i > 0);
        order[0].Should().BeLessThan(order[1]).And.BeLessThan(order[2], "organisations are referenced by people and shelters");
        order[3].Should().BeGreaterThan(order[1]).And.BeGreaterThan(order[2], "registrations reference people and shelters");
    }

    [SkippableFact]
    public async Task Export_reports_tables_rows_and_its_timestamp()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var progress = new List<SyncProgress>();

        await using var scope = host.NewContext();
        var result = await scope.Get<SyncExporter>().ExportAsync(Stream.Null, new ExportOptions { Progress = new SynchronousProgress(progress) });

        result.Tables.Select(t => (t.Table, t.Rows)).Should().BeEquivalentTo(new[]
        {
            ("org_organisation", 6L), ("pr_person", 40L), ("cr_shelter", 8L), ("cr_shelter_registration", 50L),
        });
        result.Timestamp.Should().BeAfter(new DateTime(2010, 1, 1), "the clock moved past every stamp in the database");
        progress.Should().Contain(new SyncProgress("pr_person", 40));
        result.ToString().Should().StartWith($"Export at {result.Timestamp:O} in ")
            .And.EndWith(" ms: 104 rows in 4 tables (org_organisation 6, cr_shelter 8, pr_person 40, cr_shelter_registration 50).");
    }

    [SkippableFact]
    public async Task Delta_export_writes_rows_modified_since_with_tombstones_and_the_uuids_of_references()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await using (var scope = host.NewContext())
        {
            var red = new OrgOrganisation { Name = "Red Cross", Uuid = "urn:uuid:org-red" };
            scope.Context.People.Add(new PrPerson { FirstName = "Old", Organisation = red, Uuid = "urn:uuid:p-old" });
            scope.Context.People.Add(new PrPerson { FirstName = "Gone", Organisation = red, Uuid = "urn:uuid:p-gone" });
            await scope.Context.SaveChangesAsync();
        }

        host.Time.Advance(TimeSpan.FromHours(1));
        var since = host.Time.GetUtcNow().UtcDateTime;
        await using (var scope = host.NewContext())
        {
            scope.Context.People.Add(new PrPerson { FirstName = "New", OrganisationId = 1, Uuid = "urn:uuid:p-new" });
            scope.Context.People.Remove(await scope.Context.People.SingleAsync(p => p.FirstName == "Gone"));
            await scope.Context.SaveChangesAsync();
        }

        var exported = await ExportAsync(host, new ExportOptions { ModifiedSince = since });

        var people = FixtureLoader.Section(exported, "pr_person");
        people.Should().Contain("pr_person.organisation_id__uuid\r\n");
        people.Should().Contain("New,").And.Contain(",urn:uuid:p-new,False,").And.EndWith(",urn:uuid:org-red\r\n\r\n\r\n");
        people.Should().Contain(",urn:uuid:p-gone,True,", "the tombstone travels");
        people.Should().NotContain("urn:uuid:p-old");
        FixtureLoader.Section(exported, "org_organisation").Split("\r\n").Should().Equal(["TABLE org_organisation", "", "", ""], "no organisation changed: an empty table as pydal writes it, without a header");
    }

    [SkippableFact]
    public async Task Backup_writes_every_table_of_the_model_with_ids()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        var exported = await ExportAsync(host, new ExportOptions { Backup = true });

        var pydal = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"));
        foreach (var table in new[] { "org_sector", "gis_config" }.Concat(SyncedTables))
        {
            FixtureLoader.Section(exported, table).Should().Be(FixtureLoader.Section(pydal, table));
        }

        exported.Should().Contain("TABLE sync_instance\r\n");
    }

    [SkippableFact]
    public async Task Plan_lists_every_table_with_its_verdict_and_reason_in_export_order()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database, configure: o => o.Exclude<CrShelterRegistration>());
        await using var scope = host.NewContext();

        var plan = scope.Get<SyncExporter>().Plan;

        plan.Tables.Select(t => (t.Table, t.Verdict)).Should().Contain(new[]
        {
            ("org_sector", SyncTableVerdict.NotSyncable), ("gis_config", SyncTableVerdict.NotSyncable),
            ("org_organisation", SyncTableVerdict.Synced), ("pr_person", SyncTableVerdict.Synced),
            ("cr_shelter", SyncTableVerdict.Synced), ("cr_shelter_registration", SyncTableVerdict.ExcludedByConfiguration),
            ("sync_instance", SyncTableVerdict.NotSyncable),
        });
        plan.Tables.Single(t => t.Table == "cr_shelter_registration").Reason.Should().Contain("Exclude<CrShelterRegistration>");
        plan.Tables.Single(t => t.Table == "org_sector").Reason.Should().Contain("does not implement ISyncableEntity");
        var names = plan.Tables.Select(t => t.Table).ToList();
        names.IndexOf("org_sector").Should().BeLessThan(names.IndexOf("cr_shelter"));
        plan.Tables.Single(t => t.Table == "pr_person").Columns.Should().Equal(
            "id", "first_name", "last_name", "gender", "date_of_birth", "organisation_id", "comments", "uuid", "deleted", "created_on", "modified_on");
        plan.ToString().Should().Contain("cr_shelter_registration").And.Contain("excluded");
    }

    [SkippableFact]
    public async Task Table_excluded_by_name_stays_out_and_references_to_it_carry_uuids()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database, configure: o => o.Exclude("org_organisation"));
        await host.CreateSchemaAsync();

        var exported = await ExportAsync(host);

        exported.Should().NotContain("TABLE org_organisation");
        FixtureLoader.Section(exported, "pr_person").Should().Contain("pr_person.organisation_id__uuid");
    }

    private static async Task<string> ExportAsync(SyncTestHost<ReliefContext> host, ExportOptions? options = null)
    {
        await using var scope = host.NewContext();
        using var stream = new MemoryStream();
        await scope.Get<SyncExporter>().ExportAsync(stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class SynchronousProgress(List<SyncProgress> into) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => into.Add(value);
    }
}

public sealed class SqliteSyncExporterTests : SyncExporterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncExporterTests : SyncExporterTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
