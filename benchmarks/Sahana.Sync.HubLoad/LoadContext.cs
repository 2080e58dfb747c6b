using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.HubLoad;

/// <summary>The hub's and every site's model: one synced table.</summary>
internal sealed class LoadContext(DbContextOptions<LoadContext> options) : DbContext(options)
{
    public DbSet<Supply> Supplies => Set<Supply>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Supply>(e =>
        {
            e.ToTable("supply");
            e.Property(s => s.Name).HasMaxLength(40);
            e.Property(s => s.Site).HasMaxLength(4);
            e.Property(s => s.Note).HasMaxLength(100);
        });
        modelBuilder.UseSahanaSync();
    }
}
