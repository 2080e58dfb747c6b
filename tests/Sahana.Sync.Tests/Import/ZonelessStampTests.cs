using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

public sealed class Note : ISyncableEntity
{
    public int Id { get; set; }
    public string Text { get; set; } = "";
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

/// <summary>A host that keeps its stamps in a column without a time zone, as many PostgreSQL schemas do.</summary>
public sealed class ZonelessContext(DbContextOptions<ZonelessContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("note");
            note.Property(n => n.Id).HasColumnName("id");
            note.Property(n => n.Text).HasColumnName("text");
            note.Property(n => n.Uuid).HasColumnName("uuid");
            note.Property(n => n.Deleted).HasColumnName("deleted");
            note.Property(n => n.ModifiedOn).HasColumnName("modified_on").HasColumnType("timestamp without time zone");
        });
        modelBuilder.UseSahanaSync();
    }
}

public abstract class ZonelessStampTests : DatabaseTests
{
    [SkippableFact]
    public async Task Stamps_in_a_column_without_a_time_zone_are_saved_exported_and_merged()
    {
        await using var sourceDb = await CreateDatabaseAsync();
        await using var targetDb = await CreateDatabaseAsync();
        await using var source = new SyncTestHost<ZonelessContext>(sourceDb, "src");
        await using var target = new SyncTestHost<ZonelessContext>(targetDb, "dst");
        await source.CreateSchemaAsync();
        await target.CreateSchemaAsync();
        await using (var scope = source.NewContext())
        {
            scope.Context.Add(new Note { Text = "water point 4 dry", Uuid = "n-1" });
            await scope.Context.SaveChangesAsync();
        }

        var first = await target.ImportAsync(await source.ExportAsync());
        target.Time.Advance(TimeSpan.FromMinutes(5));
        await using (var scope = target.NewContext())
        {
            (await scope.Context.Set<Note>().SingleAsync()).Text = "water point 4 repaired";
            await scope.Context.SaveChangesAsync();
        }

        var back = await source.ImportAsync(await target.ExportAsync());

        first.Tables.Single().Inserted.Should().Be(1);
        back.Tables.Single().Updated.Should().Be(1);
        (await DatabaseState.SyncedRowsAsync(source)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(target));
        (await source.ImportAsync(await target.ExportAsync())).HasChanges.Should().BeFalse();
    }
}

public sealed class SqliteZonelessStampTests : ZonelessStampTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresZonelessStampTests : ZonelessStampTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
