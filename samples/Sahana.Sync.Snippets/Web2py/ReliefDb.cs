// begin-snippet: web2py-context
// dotnet add package EFCore.NamingConventions
using Microsoft.EntityFrameworkCore;
// end-snippet

namespace ReliefApp.Web2py;

// begin-snippet: web2py-context
public sealed class ReliefDb(DbContextOptions<ReliefDb> options) : DbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Table names come from the DbSet properties otherwise: give web2py's.
        modelBuilder.Entity<OrgOrganisation>().ToTable("org_organisation");
        modelBuilder.Entity<CrShelter>().ToTable("cr_shelter");
        modelBuilder.UseSahanaSync();
    }
}
// end-snippet
