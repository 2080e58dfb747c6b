using System.Globalization;

namespace Sahana.Sync.AspNetCore;

/// <summary>The text of a <c>since</c> in a query string: ISO 8601 in UTC, to the tick, so a delta starts exactly where the last one ended.</summary>
internal static class SyncTimestamp
{
    internal static string Format(DateTime value)
        => (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc))
            .ToString("O", CultureInfo.InvariantCulture);

    internal static bool TryParse(string text, out DateTime value)
        => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
}
