using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sahana.Sync.Model;

/// <summary>
/// Checks that a finished EF model keeps the sync contract, and says how to fix it when it does not.
/// Every rule here guards against a file that could not be written or read back faithfully.
/// </summary>
internal static class SyncModelValidator
{
    internal const int MinimumUuidLength = 128;
    internal const string EnabledAnnotation = "Sahana.Sync:Enabled";

    /// <summary>The runtime annotation the validation convention leaves on a model it checked.</summary>
    internal const string ValidatedAnnotation = "Sahana.Sync:Validated";

    /// <summary>Throws <see cref="SyncConfigurationException"/> for the first rule the model breaks.</summary>
    internal static void Validate(IReadOnlyModel model)
    {
        var synced = SyncedEntityTypes.Roots(model.GetEntityTypes()).ToList();
        if (synced.Count == 0)
        {
            return;
        }

        if (model.FindAnnotation(EnabledAnnotation) is null || model.FindEntityType(typeof(SyncInstance)) is null)
        {
            throw new SyncConfigurationException(
                $"The model has syncable entities ({string.Join(", ", synced.Select(e => e.DisplayName()))}) but Sahana.Sync is not in it: "
                + "call modelBuilder.UseSahanaSync() at the end of OnModelCreating.");
        }

        foreach (var entityType in synced)
        {
            ValidateEntity(entityType);
        }
    }

    private static void ValidateEntity(IReadOnlyEntityType entityType)
    {
        var name = entityType.DisplayName();
        if (entityType.GetTableName() is null)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' implements ISyncableEntity but is not mapped to a table: map it with ToTable(), or remove the interface if it should not travel.");
        }

        var key = entityType.FindPrimaryKey();
        if (key is null || key.Properties.Count != 1)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' implements ISyncableEntity but has {(key is null ? "no primary key" : $"a composite key ({string.Join(", ", key.Properties.Select(p => p.Name))})")}: "
                + "a synced entity needs a single-column key, such as an int Id, so that references can be re-pointed by uuid.");
        }

        var uuid = RequireMapped(entityType, SyncedEntityTypes.UuidProperty);
        RequireMapped(entityType, SyncedEntityTypes.ModifiedOnProperty);
        RequireMapped(entityType, SyncedEntityTypes.DeletedProperty);

        var hasUniqueUuidIndex = entityType.GetIndexes().Any(i => i.IsUnique && i.Properties.Count == 1 && i.Properties[0] == uuid);
        if (!hasUniqueUuidIndex)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' has no unique index on Uuid: it was configured after modelBuilder.UseSahanaSync() ran. "
                + "Call modelBuilder.UseSahanaSync() at the end of OnModelCreating.");
        }

        if (uuid.GetMaxLength() is not { } maxLength)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' has no maximum length on Uuid: configure .Property(e => e.Uuid).HasMaxLength({MinimumUuidLength}) so that the uuid index stays usable on every provider.");
        }

        if (maxLength < MinimumUuidLength)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' limits Uuid to {maxLength} characters, but uuids from other instances may have up to {MinimumUuidLength}: configure .Property(e => e.Uuid).HasMaxLength({MinimumUuidLength}).");
        }

        if (uuid.IsNullable)
        {
            throw new SyncConfigurationException(
                $"Entity '{name}' allows a null Uuid: remove the configuration that makes it optional; every synced row needs a uuid.");
        }

    }

    private static IReadOnlyProperty RequireMapped(IReadOnlyEntityType entityType, string propertyName)
        => entityType.FindProperty(propertyName)
            ?? throw new SyncConfigurationException(
                $"Entity '{entityType.DisplayName()}' implements ISyncableEntity but its {propertyName} property is not mapped: "
                + $"remove the Ignore() or [NotMapped] on {propertyName}; it must be a column to travel.");
}
