using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

// The relief-management schema of the shared pydal fixtures (tests/Sahana.Sync.Tests/Fixtures/README.md),
// mapped with pydal's table and column names so our files and pydal's can be compared byte for byte.

public sealed class OrgSector
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Abrv { get; set; }
}

public sealed class GisConfig
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? Zoom { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
}

public sealed class OrgOrganisation : ISyncableEntity
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string? Website { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class PrPerson : ISyncableEntity
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int? Gender { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public int? OrganisationId { get; set; }
    public OrgOrganisation? Organisation { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class CrShelter : ISyncableEntity
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? OrganisationId { get; set; }
    public OrgOrganisation? Organisation { get; set; }
    public int? SectorId { get; set; }
    public OrgSector? Sector { get; set; }
    public int? Capacity { get; set; }
    public int? Population { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public string? Status { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class CrShelterRegistration : ISyncableEntity
{
    public int Id { get; set; }
    public int? ShelterId { get; set; }
    public CrShelter? Shelter { get; set; }
    public int? PersonId { get; set; }
    public PrPerson? Person { get; set; }
    public DateTime? CheckIn { get; set; }
    public DateTime? CheckOut { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class ReliefContext(DbContextOptions<ReliefContext> options) : DbContext(options)
{
    public DbSet<OrgSector> Sectors => Set<OrgSector>();
    public DbSet<GisConfig> GisConfigs => Set<GisConfig>();
    public DbSet<OrgOrganisation> Organisations => Set<OrgOrganisation>();
    public DbSet<PrPerson> People => Set<PrPerson>();
    public DbSet<CrShelter> Shelters => Set<CrShelter>();
    public DbSet<CrShelterRegistration> Registrations => Set<CrShelterRegistration>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrgSector>().ToTable("org_sector");
        modelBuilder.Entity<OrgSector>().Property(e => e.Name).HasMaxLength(64);
        modelBuilder.Entity<OrgSector>().Property(e => e.Abrv).HasMaxLength(16);
        modelBuilder.Entity<GisConfig>().ToTable("gis_config");
        modelBuilder.Entity<OrgOrganisation>().ToTable("org_organisation");
        modelBuilder.Entity<PrPerson>().ToTable("pr_person");
        modelBuilder.Entity<CrShelter>().ToTable("cr_shelter");
        modelBuilder.Entity<CrShelterRegistration>().ToTable("cr_shelter_registration");

        // Parents are soft-deleted, never removed: a reference outlives a tombstone.
        foreach (var foreignKey in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            foreignKey.DeleteBehavior = DeleteBehavior.Restrict;
        }

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }

        modelBuilder.UseSahanaSync();
    }

    private static string SnakeCase(string name)
        => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
