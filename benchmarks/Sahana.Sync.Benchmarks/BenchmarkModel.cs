using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Benchmarks;

/// <summary>A row shaped like the shared fixtures' pr_person: about ten columns.</summary>
public sealed class Person : ISyncableEntity
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int? Gender { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

/// <summary>
/// The parent of the shapes with references (<see cref="ImportShape.References"/>, <see cref="ImportShape.Pydal"/>).
/// </summary>
public sealed class Organisation : ISyncableEntity
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

/// <summary>
/// A person of <see cref="Person"/>'s columns who belongs to one <see cref="Organisation"/> (a required reference).
/// </summary>
public sealed class Volunteer : ISyncableEntity
{
    public int Id { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int OrganisationId { get; set; }
    public int? Gender { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Comments { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime? CreatedOn { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class BenchmarkContext(DbContextOptions<BenchmarkContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>().ToTable("pr_person");
        modelBuilder.Entity<Organisation>().ToTable("org_organisation");
        modelBuilder.Entity<Volunteer>().ToTable("vol_volunteer")
            .HasOne<Organisation>().WithMany().HasForeignKey(v => v.OrganisationId);
        modelBuilder.UseSahanaSync();
    }
}
