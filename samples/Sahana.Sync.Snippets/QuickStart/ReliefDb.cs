// begin-snippet: quick-start-model
using Microsoft.EntityFrameworkCore;
// end-snippet

namespace ReliefApp.QuickStart;

public sealed class ReliefDb(DbContextOptions<ReliefDb> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    // begin-snippet: quick-start-model
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>().ToTable("pr_person");
        // ...
        modelBuilder.UseSahanaSync(); // sync_instance, a unique index on every uuid, the contract checked
    }
    // end-snippet
}
