using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sahana.Sync.Model;

/// <summary>Finds the entity types of a model that take part in sync.</summary>
internal static class SyncedEntityTypes
{
    internal const string UuidProperty = nameof(ISyncableEntity.Uuid);
    internal const string ModifiedOnProperty = nameof(ISyncableEntity.ModifiedOn);
    internal const string DeletedProperty = nameof(ISyncableEntity.Deleted);

    /// <summary>Gets whether a CLR type implements the contract.</summary>
    internal static bool IsSyncable(Type clrType) => typeof(ISyncableEntity).IsAssignableFrom(clrType);

    /// <summary>
    /// The roots of every hierarchy that implements <see cref="ISyncableEntity"/>: a row is synced once,
    /// as the type its table is keyed by, whatever subtype it is.
    /// </summary>
    internal static IEnumerable<TEntityType> Roots<TEntityType>(IEnumerable<TEntityType> entityTypes)
        where TEntityType : IReadOnlyEntityType
        => entityTypes.Where(e => e.BaseType is null && !e.IsOwned() && IsSyncable(e.ClrType));

    /// <summary>
    /// A stamp (a UTC instant) as the entity's <c>modified_on</c> column takes it: still UTC, but of kind
    /// Unspecified for a PostgreSQL column without a time zone, where Npgsql refuses a UTC kind.
    /// </summary>
    internal static DateTime AsStoredStamp(IReadOnlyEntityType entityType, DateTime utc)
        => entityType.FindProperty(ModifiedOnProperty) is IProperty property
            && property.GetRelationalTypeMapping().StoreType is var store
            && Storage.PostgresDialect.IsZoneless(store)
            ? DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)
            : utc;
}
