using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>The field schema with the opt-in tombstone filter: the host's queries see no deleted row.</summary>
public sealed class FilteredFieldContext(DbContextOptions<FilteredFieldContext> options) : DbContext(options)
{
    public DbSet<Team> Teams => Set<Team>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Team>(team =>
        {
            team.ToTable("team");
            team.Ignore(t => t.Lead);
            team.Ignore(t => t.LeadId);
        });
        modelBuilder.UseSahanaSync().FilterDeletedSyncRows();
    }
}
