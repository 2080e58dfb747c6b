using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sahana.Sync.Model;

/// <summary>
/// Maps <see cref="SyncImportRecord"/> onto <c>sync_import</c>. One mapping serves the host's model and the
/// shipped migration, as for <c>sync_instance</c>.
/// </summary>
/// <param name="excludeFromMigrations"><see langword="true"/> in the host's model: the table is Sahana.Sync's migration's.</param>
internal sealed class SyncImportConfiguration(bool excludeFromMigrations) : IEntityTypeConfiguration<SyncImportRecord>
{
    internal const string TableName = "sync_import";

    internal const int SummaryLength = 16_000;

    public void Configure(EntityTypeBuilder<SyncImportRecord> builder)
    {
        builder.ToTable(TableName, table =>
        {
            if (excludeFromMigrations)
            {
                table.ExcludeFromMigrations();
            }
        });

        builder.HasKey(r => r.Id).HasName("PK_sync_import");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.StartedAt).HasColumnName("started_at").Utc();
        builder.Property(r => r.FinishedAt).HasColumnName("finished_at").Utc();
        builder.Property(r => r.ReceivedAt).HasColumnName("received_at").Utc();
        builder.Property(r => r.Sender).HasColumnName("sender").HasMaxLength(4);
        builder.Property(r => r.Source).HasColumnName("source").HasMaxLength(256);
        builder.Property(r => r.Restore).HasColumnName("restore");
        builder.Property(r => r.Inserted).HasColumnName("inserted");
        builder.Property(r => r.Updated).HasColumnName("updated");
        builder.Property(r => r.Unchanged).HasColumnName("unchanged");
        builder.Property(r => r.OlderSkipped).HasColumnName("older_skipped");
        builder.Property(r => r.Conflicts).HasColumnName("conflicts");
        builder.Property(r => r.Tombstones).HasColumnName("tombstones");
        builder.Property(r => r.OldestChange).HasColumnName("oldest_change").Utc();
        builder.Property(r => r.SenderFingerprint).HasColumnName("sender_fingerprint").HasMaxLength(64);
        builder.Property(r => r.Summary).HasColumnName("summary").HasMaxLength(SummaryLength).IsRequired();

        // Every delta export asks which imports came after the peer's last sync.
        builder.HasIndex(r => r.ReceivedAt).HasDatabaseName("IX_sync_import_received_at");
    }
}
