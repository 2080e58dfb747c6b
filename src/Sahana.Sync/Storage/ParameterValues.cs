using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Adapts a provider value to what the column's ADO.NET parameter accepts. Npgsql refuses a UTC
/// <see cref="DateTime"/> for <c>timestamp without time zone</c>, anything but UTC for
/// <c>timestamp with time zone</c>, and a <see cref="DateTimeOffset"/> with an offset for the latter.
/// </summary>
internal static class ParameterValues
{
    internal static Func<object?, object> For(ColumnMapping column)
    {
        var storeType = column.TypeMapping.StoreType;
        var withZone = storeType.Contains("with time zone", StringComparison.OrdinalIgnoreCase)
            || string.Equals(storeType, "timestamptz", StringComparison.OrdinalIgnoreCase);
        var withoutZone = !withZone && storeType.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase);
        return value => value switch
        {
            null => DBNull.Value,
            DateTime t when withZone => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            DateTime t when withoutZone => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
            DateTimeOffset t when withZone => t.ToUniversalTime(),
            _ => value,
        };
    }
}
