using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Browser.Tests.Infrastructure;

// A small relief model: two synced tables (one referencing the other), a lookup list that stays local,
// and a syncable table the host keeps local, so the page's plan shows every verdict.

public sealed class Sector
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public sealed class Organisation : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Uuid { get; set; } = "";
    public DateTime ModifiedOn { get; set; }
    public bool Deleted { get; set; }
}

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

public sealed class AuditNote : ISyncableEntity
{
    public int Id { get; set; }
    public string Text { get; set; } = "";
    public string Uuid { get; set; } = "";
    public DateTime ModifiedOn { get; set; }
    public bool Deleted { get; set; }
}

public sealed class SiteContext(DbContextOptions<SiteContext> options) : DbContext(options)
{
    public DbSet<Sector> Sectors => Set<Sector>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<AuditNote> AuditNotes => Set<AuditNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sector>().ToTable("org_sector");
        modelBuilder.Entity<Organisation>().ToTable("org_organisation");
        modelBuilder.Entity<Person>().ToTable("pr_person");
        modelBuilder.Entity<AuditNote>().ToTable("audit_note");
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(string.Concat(property.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));
        }

        modelBuilder.UseSahanaSync();
    }
}
