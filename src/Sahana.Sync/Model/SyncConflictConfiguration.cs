using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sahana.Sync.Model;

/// <summary>
/// Maps <see cref="SyncConflictRecord"/> onto <c>sync_conflict</c>. One mapping serves the host's model and the shipped
/// migration, as for <c>sync_import</c>.
/// </summary>
/// <param name="excludeFromMigrations"><see langword="true"/> in the host's model: the table is Sahana.Sync's migration's.</param>
internal sealed class SyncConflictConfiguration(bool excludeFromMigrations) : IEntityTypeConfiguration<SyncConflictRecord>
{
    internal const string TableName = "sync_conflict";

    internal const int UuidLength = 256;

    public void Configure(EntityTypeBuilder<SyncConflictRecord> builder)
    {
        builder.ToTable(TableName, table =>
        {
            if (excludeFromMigrations)
            {
                table.ExcludeFromMigrations();
            }
        });

        builder.HasKey(r => r.Id).HasName("PK_sync_conflict");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.ImportId).HasColumnName("import_id");
        builder.Property(r => r.RecordedAt).HasColumnName("recorded_at").Utc();
        builder.Property(r => r.Table).HasColumnName("table_name").HasMaxLength(128).IsRequired();
        builder.Property(r => r.Uuid).HasColumnName("uuid").HasMaxLength(UuidLength).IsRequired();
        builder.Property(r => r.Winner).HasColumnName("winner");
        builder.Property(r => r.Sender).HasColumnName("sender").HasMaxLength(4);
        builder.Property(r => r.LoserModifiedOn).HasColumnName("loser_modified_on").Utc();
        builder.Property(r => r.WinnerModifiedOn).HasColumnName("winner_modified_on").Utc();
        builder.Property(r => r.LoserDeleted).HasColumnName("loser_deleted");
        builder.Property(r => r.LoserValues).HasColumnName("loser_values").IsRequired();
        builder.Property(r => r.WinnerValues).HasColumnName("winner_values").IsRequired();
        builder.Property(r => r.State).HasColumnName("state");
        builder.Property(r => r.ResolvedBy).HasColumnName("resolved_by").HasMaxLength(256);
        builder.Property(r => r.ResolvedAt).HasColumnName("resolved_at").Utc();

        // The page lists open entries, newest first; retention deletes resolved ones by age.
        builder.HasIndex(r => new { r.State, r.RecordedAt }).HasDatabaseName("IX_sync_conflict_state_recorded_at");
        builder.HasIndex(r => new { r.Table, r.Uuid }).HasDatabaseName("IX_sync_conflict_table_name_uuid");
    }
}
