namespace Sahana.Sync;

/// <summary>A table or column of the file that the import did not write, and why.</summary>
/// <param name="Table">The table, as the file names it.</param>
/// <param name="Column">The column, or <see langword="null"/> when the whole table was skipped.</param>
/// <param name="Reason">Why, in words an operator understands.</param>
public sealed record SkippedSection(string Table, string? Column, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => Column is null ? $"{Table}: {Reason}" : $"{Table}.{Column}: {Reason}";
}
