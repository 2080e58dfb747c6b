using System.Globalization;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Merge;

/// <summary>
/// One canonical text per value, for the tie rule and for conflicts in the report: the file text, with
/// the spellings databases differ in made alike (a decimal's trailing zeros, a time's kind or offset).
/// </summary>
internal static class ValueText
{
    // Dividing by one with many zeros drops a decimal's trailing zeros: 5.0 and 5 become one text.
    private const decimal Normalizer = 1.000000000000000000000000000000000m;

    internal static Func<object?, string?> For(Type providerClrType)
    {
        var codec = ValueCodecs.For(providerClrType);
        return providerClrType switch
        {
            _ when providerClrType == typeof(string) => value => (string?)value,
            _ when providerClrType == typeof(decimal) => value => value is decimal d ? (d / Normalizer).ToString(CultureInfo.InvariantCulture) : null,
            _ when providerClrType == typeof(DateTime) => value => value is DateTime t ? codec.Format(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
            _ when providerClrType == typeof(DateTimeOffset) => value => value is DateTimeOffset t ? codec.Format(t.ToUniversalTime()) : null,
            _ => value => value is null ? null : codec.Format(value),
        };
    }
}
