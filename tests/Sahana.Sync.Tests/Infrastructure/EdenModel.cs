using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

// A Sahana Eden-shaped schema: every synced table carries created_by and modified_by, references to the
// site's own users; beside them a lookup list, identical everywhere, and a site configuration table.

public sealed class AuthUser
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
}

public sealed class SiteConfig
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public sealed class OfficeType
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public sealed class OrgOffice : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? OfficeTypeId { get; set; }
    public OfficeType? OfficeType { get; set; }
    public int? CreatedBy { get; set; }
    public AuthUser? Creator { get; set; }
    public int? ModifiedBy { get; set; }
    public AuthUser? Modifier { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class EdenContext(DbContextOptions<EdenContext> options) : DbContext(options)
{
    public DbSet<AuthUser> Users => Set<AuthUser>();
    public DbSet<OfficeType> OfficeTypes => Set<OfficeType>();
    public DbSet<SiteConfig> SiteConfigs => Set<SiteConfig>();
    public DbSet<OrgOffice> Offices => Set<OrgOffice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuthUser>().ToTable("auth_user").Property(e => e.Id).HasColumnName("id");
        modelBuilder.Entity<AuthUser>().Property(e => e.Email).HasColumnName("email");
        modelBuilder.Entity<SiteConfig>().ToTable("site_config").Property(e => e.Id).HasColumnName("id");
        modelBuilder.Entity<SiteConfig>().Property(e => e.Name).HasColumnName("name");
        modelBuilder.Entity<OfficeType>().ToTable("org_office_type").Property(e => e.Id).HasColumnName("id");
        modelBuilder.Entity<OfficeType>().Property(e => e.Name).HasColumnName("name");
        var office = modelBuilder.Entity<OrgOffice>();
        office.ToTable("org_office");
        office.Property(e => e.Id).HasColumnName("id");
        office.Property(e => e.Name).HasColumnName("name");
        office.Property(e => e.OfficeTypeId).HasColumnName("office_type_id");
        office.Property(e => e.CreatedBy).HasColumnName("created_by");
        office.Property(e => e.ModifiedBy).HasColumnName("modified_by");
        office.Property(e => e.Uuid).HasColumnName("uuid");
        office.Property(e => e.Deleted).HasColumnName("deleted");
        office.Property(e => e.ModifiedOn).HasColumnName("modified_on");
        office.HasOne(e => e.Creator).WithMany().HasForeignKey(e => e.CreatedBy).OnDelete(DeleteBehavior.Restrict);
        office.HasOne(e => e.Modifier).WithMany().HasForeignKey(e => e.ModifiedBy).OnDelete(DeleteBehavior.Restrict);
        office.HasOne(e => e.OfficeType).WithMany().HasForeignKey(e => e.OfficeTypeId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.UseSahanaSync();
    }
}
