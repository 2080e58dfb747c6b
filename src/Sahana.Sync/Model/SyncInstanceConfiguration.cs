using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sahana.Sync.Model;

/// <summary>
/// Maps <see cref="SyncInstance"/> column for column onto the blueprint's <c>sync_instance</c> table.
/// One mapping serves the host's model and the shipped migration, so the two cannot drift apart.
/// </summary>
/// <param name="excludeFromMigrations">
/// <see langword="true"/> in the host's model: the table belongs to Sahana.Sync's own migration, and the
/// host's migrations must neither create nor drop it.
/// </param>
internal sealed class SyncInstanceConfiguration(bool excludeFromMigrations) : IEntityTypeConfiguration<SyncInstance>
{
    internal const string TableName = "sync_instance";

    internal const string PublicKeyColumn = "public_key";

    /// <summary>The columns in the blueprint's order, as the instance section of a file carries them.</summary>
    internal static readonly IReadOnlyList<string> Columns = ["base_uuid", "owner", "contact", "url", "last_update", "sync_count"];

    public void Configure(EntityTypeBuilder<SyncInstance> builder)
    {
        builder.ToTable(TableName, table =>
        {
            if (excludeFromMigrations)
            {
                table.ExcludeFromMigrations();
            }
        });

        builder.HasKey(i => i.BaseUuid).HasName("PK_sync_instance");
        builder.Property(i => i.BaseUuid).HasColumnName("base_uuid").HasMaxLength(4).IsRequired().ValueGeneratedNever();
        builder.Property(i => i.Owner).HasColumnName("owner").HasMaxLength(100);
        builder.Property(i => i.Contact).HasColumnName("contact");
        builder.Property(i => i.Url).HasColumnName("url").HasMaxLength(100);

        builder.Property(i => i.LastUpdate).HasColumnName("last_update").Utc();

        // Not the blueprint's: kept here only, never written to a file's sync_instance section (Columns above).
        builder.Property(i => i.PublicKey).HasColumnName(PublicKeyColumn);

        // The blueprint's column allows NULL but never means anything by it; a count is never unknown.
        builder.Property(i => i.SyncCount).HasColumnName("sync_count").IsRequired().HasDefaultValue(0);
    }
}
