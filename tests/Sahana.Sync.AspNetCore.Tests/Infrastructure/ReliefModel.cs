using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

// A small relief schema in pydal's names: two synced tables, one referencing the other, and a local one.

public sealed class OrgOrganisation : ISyncableEntity
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class PrPerson : ISyncableEntity
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? Comments { get; set; }
    public int? OrganisationId { get; set; }
    public OrgOrganisation? Organisation { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

/// <summary>A site's map setting: never synced.</summary>
public sealed class GisConfig
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? Zoom { get; set; }
}

public sealed class ReliefContext(DbContextOptions<ReliefContext> options) : DbContext(options)
{
    public DbSet<OrgOrganisation> Organisations => Set<OrgOrganisation>();
    public DbSet<PrPerson> People => Set<PrPerson>();
    public DbSet<GisConfig> GisConfigs => Set<GisConfig>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrgOrganisation>().ToTable("org_organisation");
        modelBuilder.Entity<PrPerson>().ToTable("pr_person");
        modelBuilder.Entity<PrPerson>().HasOne(p => p.Organisation).WithMany().OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<GisConfig>().ToTable("gis_config");
        modelBuilder.UseSahanaSync();
    }
}
