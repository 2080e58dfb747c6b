using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// The fixtures' relief schema as docs/format.md ("web2py names") tells a host to map it: C# names, and
/// EFCore.NamingConventions' snake_case for every column, which gives web2py's id, uuid, deleted, created_on
/// and modified_on; only the table names are given, since EF takes them from the DbSet properties.
/// </summary>
public sealed class SnakeCaseReliefContext(DbContextOptions<SnakeCaseReliefContext> options) : DbContext(options)
{
    public DbSet<OrgOrganisation> Organisations => Set<OrgOrganisation>();
    public DbSet<PrPerson> People => Set<PrPerson>();
    public DbSet<CrShelter> Shelters => Set<CrShelter>();
    public DbSet<CrShelterRegistration> Registrations => Set<CrShelterRegistration>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrgSector>().ToTable("org_sector");
        modelBuilder.Entity<GisConfig>().ToTable("gis_config");
        modelBuilder.Entity<OrgOrganisation>().ToTable("org_organisation");
        modelBuilder.Entity<PrPerson>().ToTable("pr_person");
        modelBuilder.Entity<CrShelter>().ToTable("cr_shelter");
        modelBuilder.Entity<CrShelterRegistration>().ToTable("cr_shelter_registration");
        foreach (var foreignKey in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            foreignKey.DeleteBehavior = DeleteBehavior.Restrict;
        }

        modelBuilder.UseSahanaSync();
    }
}
