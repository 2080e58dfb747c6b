using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

// A schema with the references sync finds hardest: a cycle (a team's lead is a member, a member belongs
// to a team) and a self-reference (a member's mentor is a member).

public sealed class Team : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? LeadId { get; set; }
    public Member? Lead { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class Member : ISyncableEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? TeamId { get; set; }
    public Team? Team { get; set; }
    public int? MentorId { get; set; }
    public Member? Mentor { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class FieldContext(DbContextOptions<FieldContext> options) : DbContext(options)
{
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Member> Members => Set<Member>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Team>(team =>
        {
            team.ToTable("team");
            team.HasOne(t => t.Lead).WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Member>(member =>
        {
            member.ToTable("member");
            member.HasOne(m => m.Team).WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Restrict);
            member.HasOne(m => m.Mentor).WithMany().HasForeignKey(m => m.MentorId).OnDelete(DeleteBehavior.Restrict);
        });

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(string.Concat(property.Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));
        }

        modelBuilder.UseSahanaSync();
    }
}
