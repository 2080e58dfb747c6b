using Sahana.Sync.Model;

namespace Sahana.Sync;

/// <summary>One table of the model, whether it travels, and why.</summary>
public sealed class SyncTablePlan
{
    internal SyncTablePlan(TableMapping mapping, SyncTableVerdict verdict, string reason)
    {
        Mapping = mapping;
        Verdict = verdict;
        Reason = reason;
    }

    /// <summary>Gets the table's name as the database knows it.</summary>
    public string Table => Mapping.Name;

    /// <summary>Gets whether the table travels.</summary>
    public SyncTableVerdict Verdict { get; }

    /// <summary>Gets why, in words an operator understands.</summary>
    public string Reason { get; }

    /// <summary>Gets the columns written for the table, the key first.</summary>
    public IReadOnlyList<string> Columns => [.. Mapping.Columns.Select(c => c.Name)];

    internal TableMapping Mapping { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Table}: {Verdict} ({Reason})";
}
