namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A version of a row as the instance that saved it wrote it: its stamp, tombstone flag and values as
/// file text, references as the referenced row's uuid, in the table's column order (uuid and stamp aside).
/// </summary>
public sealed record WrittenVersion(string Table, string Uuid, DateTime Stamp, bool Deleted, string?[] Values)
{
    /// <summary>
    /// The version every instance must end with, of all written for one uuid: the latest stamp; on equal
    /// stamps a tombstone, then the ordinally greater values column by column, NULL lowest (docs/import.md).
    /// </summary>
    public static WrittenVersion Newest(IEnumerable<WrittenVersion> versions) => versions.Aggregate((a, b) => Compare(a, b) >= 0 ? a : b);

    /// <summary>True when the version was one of two or more different ones written with the same, newest stamp.</summary>
    public static bool DecidedByTie(IReadOnlyCollection<WrittenVersion> versions)
    {
        var newest = Newest(versions);
        return versions.Any(v => v.Stamp == newest.Stamp && Compare(v, newest) != 0);
    }

    private static int Compare(WrittenVersion a, WrittenVersion b)
    {
        var byStamp = a.Stamp.CompareTo(b.Stamp);
        if (byStamp != 0)
        {
            return byStamp;
        }

        if (a.Deleted != b.Deleted)
        {
            return a.Deleted ? 1 : -1;
        }

        for (var i = 0; i < a.Values.Length; i++)
        {
            var byValue = (a.Values[i], b.Values[i]) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                var (x, y) => string.CompareOrdinal(x, y),
            };
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return 0;
    }
}
