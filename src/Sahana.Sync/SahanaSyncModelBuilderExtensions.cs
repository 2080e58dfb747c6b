using Sahana.Sync;
using Sahana.Sync.Model;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds Sahana.Sync to an EF Core model.</summary>
public static class SahanaSyncModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="SyncInstance"/> to <c>sync_instance</c> and <see cref="SyncImportRecord"/> to <c>sync_import</c>, and gives every <see cref="ISyncableEntity"/>
    /// a unique index on its uuid (and an index on its modified-on stamp, for delta exports).
    /// Call it at the end of <c>OnModelCreating</c>, after the synced entities are configured.
    /// </summary>
    /// <remarks>
    /// Both tables are excluded from the host's own migrations: Sahana.Sync ships the migrations that
    /// create them, applied with <c>context.Database.MigrateSahanaSyncAsync()</c>.
    /// </remarks>
    /// <param name="modelBuilder">The model builder of the host's context.</param>
    /// <returns>The same model builder, so calls chain.</returns>
    public static ModelBuilder UseSahanaSync(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.ApplyConfiguration(new SyncInstanceConfiguration(excludeFromMigrations: true));
        modelBuilder.ApplyConfiguration(new SyncImportConfiguration(excludeFromMigrations: true));
        modelBuilder.Model.SetAnnotation(SyncModelValidator.EnabledAnnotation, true);

        foreach (var entityType in SyncedEntityTypes.Roots(modelBuilder.Model.GetEntityTypes()).ToList())
        {
            // A property the host ignored stays ignored: naming it here would map it again behind the host's
            // back. The validator reports it when the model is finished.
            var entity = modelBuilder.Entity(entityType.ClrType);
            if (entityType.FindProperty(SyncedEntityTypes.UuidProperty) is { } uuid)
            {
                var property = entity.Property(SyncedEntityTypes.UuidProperty).IsRequired();
                if (uuid.GetMaxLength() is null)
                {
                    property.HasMaxLength(SyncModelValidator.MinimumUuidLength);
                }

                entity.HasIndex(SyncedEntityTypes.UuidProperty).IsUnique();
            }

            if (entityType.FindProperty(SyncedEntityTypes.ModifiedOnProperty) is not null)
            {
                entity.HasIndex(SyncedEntityTypes.ModifiedOnProperty);
            }
        }

        return modelBuilder;
    }
}
