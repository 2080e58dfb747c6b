using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

// One synced table with a column of every CLR type that has a codec and that both SQLite and Npgsql map
// without help, so that the golden export tests can pin the text of each type on each provider. Npgsql
// stores the unsigned integers and sbyte in the next wider signed type (ulong in numeric(20,0)) with a
// converter of its own; the file has the same number either way. Left out: Int128 and UInt128, which neither
// provider maps, and Half, which has no codec.

public enum ReliefLevel
{
    None = 0,
    Watch = 1,
    Emergency = 2,
    Critical = 1000,
}

public enum ShelterKind
{
    School,
    Temple,
    Tent,
}

public sealed class AllTypes : ISyncableEntity
{
    public int Id { get; set; }
    public string TextValue { get; set; } = "";
    public string? TextOrNull { get; set; }
    public bool BoolValue { get; set; }
    public bool? BoolOrNull { get; set; }
    public byte ByteValue { get; set; }
    public sbyte SbyteValue { get; set; }
    public short ShortValue { get; set; }
    public ushort UshortValue { get; set; }
    public int IntValue { get; set; }
    public int? IntOrNull { get; set; }
    public uint UintValue { get; set; }
    public long LongValue { get; set; }
    public ulong UlongValue { get; set; }
    public float FloatValue { get; set; }
    public double DoubleValue { get; set; }
    public double? DoubleOrNull { get; set; }
    public decimal DecimalValue { get; set; }
    public decimal? DecimalOrNull { get; set; }
    public decimal DecimalOfScale2 { get; set; }
    public DateTime DateTimeValue { get; set; }
    public DateTime? DateTimeOrNull { get; set; }
    public DateTimeOffset DateTimeOffsetValue { get; set; }
    public DateOnly DateOnlyValue { get; set; }
    public DateOnly? DateOnlyOrNull { get; set; }
    public TimeOnly TimeOnlyValue { get; set; }
    public TimeSpan TimeSpanValue { get; set; }
    public Guid GuidValue { get; set; }
    public Guid? GuidOrNull { get; set; }
    public byte[] BytesValue { get; set; } = [];
    public byte[]? BytesOrNull { get; set; }
    public char CharValue { get; set; }
    public ReliefLevel EnumValue { get; set; }
    public ReliefLevel? EnumOrNull { get; set; }
    public ShelterKind EnumAsText { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}

public sealed class AllTypesContext(DbContextOptions<AllTypesContext> options) : DbContext(options)
{
    public DbSet<AllTypes> Rows => Set<AllTypes>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AllTypes>().ToTable("test_all_types");

        modelBuilder.Entity<AllTypes>().Property(e => e.DecimalOfScale2).HasPrecision(18, 2);

        // EF's own way to keep an enum as its name rather than its number.
        modelBuilder.Entity<AllTypes>().Property(e => e.EnumAsText).HasConversion<string>().HasMaxLength(16);

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }

        modelBuilder.UseSahanaSync();
    }

    private static string SnakeCase(string name)
        => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
