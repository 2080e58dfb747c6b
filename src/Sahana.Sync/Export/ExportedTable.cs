namespace Sahana.Sync;

/// <summary>One table of an export.</summary>
/// <param name="Table">The table's name as the database knows it.</param>
/// <param name="Rows">The rows written.</param>
public sealed record ExportedTable(string Table, long Rows)
{
    /// <summary>
    /// Gets the rows a delta for <see cref="ExportOptions.Recipient"/> left out because their current version came
    /// from that instance: it has them already.
    /// </summary>
    public long EchoesLeftOut { get; init; }
}
