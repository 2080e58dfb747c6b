using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

// The Eden-shaped schema of tools/pydal/eden_schema.py, mapped as docs/format.md says a host maps a web2py
// schema: C# names, EFCore.NamingConventions' snake_case, web2py's table names. Every synced table carries Sahana
// Eden's meta fields, three of them references to the site's own auth tables (site-specific).

public sealed class EdenUser
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? Email { get; set; }
}

public sealed class EdenGroup
{
    public int Id { get; set; }
    public string? Role { get; set; }
}

public sealed class EdenSystemConfig
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed class EdenSector
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Abrv { get; set; }
}

/// <summary>Sahana Eden's meta fields.</summary>
public abstract class EdenRecord : ISyncableEntity
{
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
    public int? CreatedBy { get; set; }
    public int? ModifiedBy { get; set; }
    public int? OwnedByGroup { get; set; }
}

public sealed class GisLocation : EdenRecord
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Level { get; set; }
    public int? Parent { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
}

public sealed class EdenOrganisation : EdenRecord
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public int? SectorId { get; set; }
    public string? Comments { get; set; }
}

public sealed class EdenOffice : EdenRecord
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? OrganisationId { get; set; }
    public int? LocationId { get; set; }
    public string? Phone { get; set; }
}

public sealed class EdenPerson : EdenRecord
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int? Gender { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Comments { get; set; }
}

public sealed class PrContact : EdenRecord
{
    public int Id { get; set; }
    public int? PersonId { get; set; }
    public string? ContactMethod { get; set; }
    public string? Value { get; set; }
}

public sealed class HrmHumanResource : EdenRecord
{
    public int Id { get; set; }
    public int? PersonId { get; set; }
    public int? OrganisationId { get; set; }
    public string? JobTitle { get; set; }
}

public sealed class SupplyItem : EdenRecord
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Um { get; set; }
    public double? Weight { get; set; }
}

public sealed class EdenShelter : EdenRecord
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? OrganisationId { get; set; }
    public int? LocationId { get; set; }
    public int? Capacity { get; set; }
    public string? Comments { get; set; }
}

public sealed class EdenShelterRegistration : EdenRecord
{
    public int Id { get; set; }
    public int? ShelterId { get; set; }
    public int? PersonId { get; set; }
    public DateTime? CheckIn { get; set; }
}

public sealed class ReqReq : EdenRecord
{
    public int Id { get; set; }
    public int? OfficeId { get; set; }
    public string? Purpose { get; set; }
    public DateOnly? Date { get; set; }
}

public sealed class EdenShapedContext(DbContextOptions<EdenShapedContext> options) : DbContext(options)
{
    public DbSet<EdenUser> Users => Set<EdenUser>();
    public DbSet<EdenGroup> Groups => Set<EdenGroup>();
    public DbSet<EdenSystemConfig> SystemConfig => Set<EdenSystemConfig>();
    public DbSet<EdenSector> Sectors => Set<EdenSector>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EdenUser>().ToTable("auth_user");
        modelBuilder.Entity<EdenGroup>().ToTable("auth_group");
        modelBuilder.Entity<EdenSystemConfig>().ToTable("system_config");
        modelBuilder.Entity<EdenSector>().ToTable("org_sector");
        modelBuilder.Entity<GisLocation>().ToTable("gis_location").HasOne<GisLocation>().WithMany().HasForeignKey(e => e.Parent);
        Record<GisLocation>(modelBuilder);
        Record<EdenOrganisation>(modelBuilder, "org_organisation").HasOne<EdenSector>().WithMany().HasForeignKey(e => e.SectorId);
        var office = Record<EdenOffice>(modelBuilder, "org_office");
        office.HasOne<EdenOrganisation>().WithMany().HasForeignKey(e => e.OrganisationId);
        office.HasOne<GisLocation>().WithMany().HasForeignKey(e => e.LocationId);
        Record<EdenPerson>(modelBuilder, "pr_person");
        Record<PrContact>(modelBuilder, "pr_contact").HasOne<EdenPerson>().WithMany().HasForeignKey(e => e.PersonId);
        var staff = Record<HrmHumanResource>(modelBuilder, "hrm_human_resource");
        staff.HasOne<EdenPerson>().WithMany().HasForeignKey(e => e.PersonId);
        staff.HasOne<EdenOrganisation>().WithMany().HasForeignKey(e => e.OrganisationId);
        Record<SupplyItem>(modelBuilder, "supply_item");
        var shelter = Record<EdenShelter>(modelBuilder, "cr_shelter");
        shelter.HasOne<EdenOrganisation>().WithMany().HasForeignKey(e => e.OrganisationId);
        shelter.HasOne<GisLocation>().WithMany().HasForeignKey(e => e.LocationId);
        var registration = Record<EdenShelterRegistration>(modelBuilder, "cr_shelter_registration");
        registration.HasOne<EdenShelter>().WithMany().HasForeignKey(e => e.ShelterId);
        registration.HasOne<EdenPerson>().WithMany().HasForeignKey(e => e.PersonId);
        Record<ReqReq>(modelBuilder, "req_req").HasOne<EdenOffice>().WithMany().HasForeignKey(e => e.OfficeId);

        // Parents are soft-deleted, never removed: a reference outlives a tombstone.
        foreach (var foreignKey in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            foreignKey.DeleteBehavior = DeleteBehavior.Restrict;
        }

        modelBuilder.UseSahanaSync();
    }

    private static Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> Record<T>(ModelBuilder modelBuilder, string? table = null)
        where T : EdenRecord
    {
        var entity = modelBuilder.Entity<T>();
        if (table is not null)
        {
            entity.ToTable(table);
        }

        entity.HasOne<EdenUser>().WithMany().HasForeignKey(e => e.CreatedBy);
        entity.HasOne<EdenUser>().WithMany().HasForeignKey(e => e.ModifiedBy);
        entity.HasOne<EdenGroup>().WithMany().HasForeignKey(e => e.OwnedByGroup);
        return entity;
    }
}
