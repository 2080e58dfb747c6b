namespace Sahana.Sync.Merge;

/// <summary>
/// Whether two provider values are the same value: decimals by value whatever their scale (PostgreSQL
/// keeps <c>5.0</c>, SQLite's provider may give <c>5</c>), times by instant whatever their kind, byte arrays
/// by content.
/// </summary>
internal static class ValueEquality
{
    internal static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (DateTime x, DateTime y) => x.Ticks == y.Ticks,
        _ => a.Equals(b),
    };
}
