using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Demo;

/// <summary>A relief organisation: synced between the sites.</summary>
public sealed class Organisation : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Uuid { get; set; } = "";
    public DateTime ModifiedOn { get; set; }
    public bool Deleted { get; set; }
}

/// <summary>A person registered at a site, who may belong to an organisation: synced.</summary>
public sealed class Person : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Comments { get; set; }
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string Uuid { get; set; } = "";
    public DateTime ModifiedOn { get; set; }
    public bool Deleted { get; set; }
}

/// <summary>A site's map settings: local to each site, never synced.</summary>
public sealed class MapSetting
{
    public int Id { get; set; }
    public string Key { get; set; } = "";
    public string? Value { get; set; }
}

public sealed class ReliefDb(DbContextOptions<ReliefDb> options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<MapSetting> MapSettings => Set<MapSetting>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organisation>().ToTable("org_organisation");
        modelBuilder.Entity<Person>().ToTable("pr_person");
        modelBuilder.Entity<MapSetting>().ToTable("gis_config");
        modelBuilder.UseSahanaSync();
    }
}
