using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Model;

/// <summary>
/// options.SiteSpecific: a reference into a table whose rows mean something only at one site (users, site
/// configuration) never travels as a value that could name the wrong row elsewhere. Lookup lists keep today's
/// rule: their ids travel and must exist.
/// </summary>
public abstract class SiteSpecificTableTests : DatabaseTests
{
    [SkippableFact]
    public async Task The_plan_shows_site_specific_tables_beside_lookup_lists()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database, "col", "alice@col");
        await using var scope = site.NewContext();

        var plan = scope.Get<SyncExporter>().Plan;

        plan.Tables.Single(t => t.Table == "auth_user").Verdict.Should().Be(SyncTableVerdict.SiteSpecific);
        plan.Tables.Single(t => t.Table == "site_config").Verdict.Should().Be(SyncTableVerdict.SiteSpecific);
        plan.Tables.Single(t => t.Table == "org_office_type").Verdict.Should().Be(SyncTableVerdict.NotSyncable);
        plan.Tables.Single(t => t.Table == "auth_user").Reason.Should().Contain("never travel");
        plan.ToString().Should().MatchRegex(@"auth_user\s+site\s");
    }

    [SkippableFact]
    public async Task The_export_writes_references_to_users_as_NULL_and_lookup_ids_as_they_are()
    {
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database, "col", "alice@col");
        await site.EditAsync(db => db.Add(new OrgOffice { Name = "Colombo HQ", Uuid = "office-1", OfficeTypeId = 2, CreatedBy = 1, ModifiedBy = 1 }));

        var file = await DatabaseState.ExportAsync(site);
        var backup = await DatabaseState.ExportAsync(site, new ExportOptions { Backup = true });

        FixtureLoader.Section(file, "org_office").Should().Contain("org_office.id,org_office.name,org_office.office_type_id,org_office.created_by,org_office.modified_by,")
            .And.Contain(",Colombo HQ,2,<NULL>,<NULL>,office-1,");
        FixtureLoader.Section(backup, "org_office").Should().Contain(",Colombo HQ,2,1,1,office-1,", "a backup restores this very database, users included");
    }

    [SkippableFact]
    public async Task An_import_never_points_a_row_at_another_sites_user()
    {
        await using var colombo = await CreateDatabaseAsync();
        await using var galle = await CreateDatabaseAsync();
        await using var col = await SiteAsync(colombo, "col", "alice@col");
        await using var gal = await SiteAsync(galle, "gal", "zara@gal");
        await col.EditAsync(db => db.Add(new OrgOffice { Name = "Colombo HQ", Uuid = "office-1", OfficeTypeId = 2, CreatedBy = 1, ModifiedBy = 1 }));

        await gal.ImportAsync(await col.ExportAsync());
        gal.Time.Advance(TimeSpan.FromMinutes(1));
        await gal.EditAsync(db =>
        {
            var office = db.Offices.Single();
            office.Name = "Colombo head office";
            office.ModifiedBy = 1;
        });
        await col.ImportAsync(await gal.ExportAsync());

        var atGalle = await OfficeAsync(gal);
        atGalle.CreatedBy.Should().BeNull("Galle's user 1 is zara, not the alice who created the office in Colombo");
        atGalle.OfficeTypeId.Should().Be(2, "a lookup list's id travels as it is");
        var atColombo = await OfficeAsync(col);
        atColombo.Name.Should().Be("Colombo head office", "the edit travels");
        (atColombo.CreatedBy, atColombo.ModifiedBy).Should().Be((1, 1), "an updated row keeps its references to Colombo's own users");
    }

    [SkippableFact]
    public async Task A_file_that_carries_user_ids_is_read_as_if_it_did_not()
    {
        // A peer on an older version, or web2py itself, writes the ids of its own users.
        await using var database = await CreateDatabaseAsync();
        await using var site = await SiteAsync(database, "gal", "zara@gal");
        await site.EditAsync(db => db.Add(new OrgOffice { Name = "Galle", Uuid = "office-2", CreatedBy = 1, ModifiedBy = 1 }));
        const string Header = "TABLE org_office\r\norg_office.id,org_office.name,org_office.office_type_id,org_office.created_by,org_office.modified_by,org_office.uuid,org_office.deleted,org_office.modified_on\r\n";

        await site.ImportAsync(Header
            + "7,Matara,<NULL>,1,1,office-3,False,2026-11-26 09:10:00\r\n"
            + "8,Galle branch,<NULL>,5,5,office-2,False,2026-11-26 09:10:00\r\n\r\n\r\nEND", new ImportOptions { Sender = "col" });

        await using var scope = site.NewContext();
        var offices = await scope.Context.Offices.OrderBy(o => o.Uuid).ToListAsync();
        offices.Select(o => (o.Uuid, o.Name, o.CreatedBy, o.ModifiedBy)).Should().Equal(
            ("office-2", "Galle branch", 1, 1),
            ("office-3", "Matara", null, null));
    }

    private static async Task<SyncTestHost<EdenContext>> SiteAsync(TestDatabase database, string instance, string user)
    {
        var host = new SyncTestHost<EdenContext>(database, instance, configure: o => o.SiteSpecific<AuthUser>().SiteSpecific("site_config"));
        await host.CreateSchemaAsync();
        await host.EditAsync(db =>
        {
            db.Users.Add(new AuthUser { Email = user });
            db.OfficeTypes.AddRange(new OfficeType { Name = "headquarters" }, new OfficeType { Name = "branch" });
            db.SiteConfigs.Add(new SiteConfig { Name = instance });
        });
        return host;
    }

    private static async Task<OrgOffice> OfficeAsync(SyncTestHost<EdenContext> host)
    {
        await using var scope = host.NewContext();
        return await scope.Context.Offices.AsNoTracking().SingleAsync();
    }
}

/// <summary>What options.SiteSpecific refuses when the plan is built: the mistakes are named with their fix.</summary>
public sealed class SiteSpecificConfigurationTests
{
    [Fact]
    public void A_required_reference_into_a_site_specific_table_is_refused_naming_it()
    {
        var options = new DbContextOptionsBuilder<RequiredCreatorContext>().UseSqlite("Data Source=:memory:").Options;
        using var context = new RequiredCreatorContext(options);
        var sync = new SahanaSyncOptions { InstanceId = "col" }.SiteSpecific<AuthUser>();

        var build = () => Sahana.Sync.Model.SyncPlanBuilder.Build(context.Model, sync);

        build.Should().Throw<SyncConfigurationException>()
            .WithMessage("*RequiredOffice.CreatedBy (column required_office.CreatedBy)*site-specific table auth_user*make the property nullable*");
    }

    [Fact]
    public void A_syncable_entity_cannot_be_site_specific()
    {
        var options = new DbContextOptionsBuilder<RequiredCreatorContext>().UseSqlite("Data Source=:memory:").Options;
        using var context = new RequiredCreatorContext(options);
        var sync = new SahanaSyncOptions { InstanceId = "col" }.SiteSpecific("required_office");

        var build = () => Sahana.Sync.Model.SyncPlanBuilder.Build(context.Model, sync);

        build.Should().Throw<SyncConfigurationException>().WithMessage("*implements ISyncableEntity*Exclude<RequiredOffice>*");
    }

    public sealed class RequiredOffice : ISyncableEntity
    {
        public int Id { get; set; }
        public int CreatedBy { get; set; }
        public AuthUser? Creator { get; set; }
        public string Uuid { get; set; } = "";
        public bool Deleted { get; set; }
        public DateTime ModifiedOn { get; set; }
    }

    public sealed class RequiredCreatorContext(DbContextOptions<RequiredCreatorContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<AuthUser>().ToTable("auth_user");
            modelBuilder.Entity<RequiredOffice>().ToTable("required_office").HasOne(e => e.Creator).WithMany().HasForeignKey(e => e.CreatedBy);
            modelBuilder.UseSahanaSync();
        }
    }
}

public sealed class SqliteSiteSpecificTableTests : SiteSpecificTableTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSiteSpecificTableTests : SiteSpecificTableTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
