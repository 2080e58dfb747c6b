using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sahana.Sync.Model;

/// <summary>
/// Maps <see cref="SyncImportFailure"/> onto <c>sync_import_failure</c>. One mapping serves the host's model and
/// the shipped migration, as for <c>sync_import</c>.
/// </summary>
/// <param name="excludeFromMigrations"><see langword="true"/> in the host's model: the table is Sahana.Sync's migration's.</param>
internal sealed class SyncImportFailureConfiguration(bool excludeFromMigrations) : IEntityTypeConfiguration<SyncImportFailure>
{
    internal const string TableName = "sync_import_failure";

    internal const int MessageLength = 4000;

    public void Configure(EntityTypeBuilder<SyncImportFailure> builder)
    {
        builder.ToTable(TableName, table =>
        {
            if (excludeFromMigrations)
            {
                table.ExcludeFromMigrations();
            }
        });

        builder.HasKey(r => r.Id).HasName("PK_sync_import_failure");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.FailedAt).HasColumnName("failed_at").Utc();
        builder.Property(r => r.Sender).HasColumnName("sender").HasMaxLength(4);
        builder.Property(r => r.Source).HasColumnName("source").HasMaxLength(256);
        builder.Property(r => r.Error).HasColumnName("error").HasMaxLength(128).IsRequired();
        builder.Property(r => r.Message).HasColumnName("message").HasMaxLength(MessageLength).IsRequired();
        builder.Property(r => r.Table).HasColumnName("table_name").HasMaxLength(128);
        builder.Property(r => r.Line).HasColumnName("line");
        builder.Property(r => r.Column).HasColumnName("column_name").HasMaxLength(128);

        // The page lists the latest; retention deletes the oldest.
        builder.HasIndex(r => r.FailedAt).HasDatabaseName("IX_sync_import_failure_failed_at");
    }
}
