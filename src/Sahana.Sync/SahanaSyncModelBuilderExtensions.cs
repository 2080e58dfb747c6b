using System.Linq.Expressions;
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
        modelBuilder.ApplyConfiguration(new SyncConflictConfiguration(excludeFromMigrations: true));
        modelBuilder.ApplyConfiguration(new SyncImportFailureConfiguration(excludeFromMigrations: true));
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

                if (uuid.GetValueConverter() is null && uuid.ClrType == typeof(string))
                {
                    property.HasConversion(SyncValueConverters.RequireUuid(entityType.DisplayName()));
                }

                entity.HasIndex(SyncedEntityTypes.UuidProperty).IsUnique();
            }

            if (entityType.FindProperty(SyncedEntityTypes.ModifiedOnProperty) is { } modifiedOn)
            {
                entity.HasIndex(SyncedEntityTypes.ModifiedOnProperty);
                if (modifiedOn.GetValueConverter() is null && modifiedOn.ClrType == typeof(DateTime))
                {
                    entity.Property(SyncedEntityTypes.ModifiedOnProperty).HasConversion(SyncValueConverters.Utc);
                }
            }
        }

        return modelBuilder;
    }

    /// <summary>
    /// Hides tombstones from the host's queries: a query filter <c>!Deleted</c>, named
    /// <see cref="DeletedRowsFilter"/>, on every <see cref="ISyncableEntity"/>. Sahana.Sync's export, import and
    /// clock repair still see them; a host query that should see them says
    /// <c>.IgnoreQueryFilters([SahanaSyncModelBuilderExtensions.DeletedRowsFilter])</c>.
    /// </summary>
    /// <remarks>
    /// The filter is named, so the host's own filters on the same entities must be named too (EF Core does not
    /// mix a named filter with an unnamed one on an entity type). Call it in <c>OnModelCreating</c> after the
    /// synced entities are configured, with or after <c>UseSahanaSync()</c>.
    /// </remarks>
    /// <param name="modelBuilder">The model builder of the host's context.</param>
    /// <returns>The same model builder, so calls chain.</returns>
    public static ModelBuilder FilterDeletedSyncRows(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        foreach (var entityType in SyncedEntityTypes.Roots(modelBuilder.Model.GetEntityTypes()).ToList())
        {
            if (entityType.FindProperty(SyncedEntityTypes.DeletedProperty) is null)
            {
                continue;
            }

            var row = Expression.Parameter(entityType.ClrType, "row");
            var notDeleted = Expression.Lambda(
                Expression.Not(Expression.Property(row, SyncedEntityTypes.DeletedProperty)), row);
            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(DeletedRowsFilter, notDeleted);
        }

        return modelBuilder;
    }

    /// <summary>The name of the filter <see cref="FilterDeletedSyncRows"/> adds, for IgnoreQueryFilters.</summary>
    public const string DeletedRowsFilter = "Sahana.Sync:DeletedRows";
}
