using Sahana.Sync.Merge;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Decides one uuid of a table: the merge decision with the import's conflict policy, or the caller's delegate
/// where one is given, and the conflict as the report and the conflict log hold it.
/// </summary>
internal sealed class RowDecider
{
    private readonly ImportSession _session;
    private readonly TableMapping _table;
    private readonly MergeColumns _columns;
    private readonly Func<bool, SyncConflictWinner>? _policy;

    internal RowDecider(ImportSession session, TableMapping table, MergeColumns columns)
    {
        _session = session;
        _table = table;
        _columns = columns;
        Decision = new MergeDecision(columns.Compared, columns.TextOf);
        _policy = session.Options.ConflictPolicy switch
        {
            SyncConflictPolicy.LocalWins => _ => SyncConflictWinner.Local,
            SyncConflictPolicy.RemoteWins => _ => SyncConflictWinner.Remote,
            _ => null,
        };
    }

    /// <summary>Gets the pure decision over two versions.</summary>
    internal MergeDecision Decision { get; }

    /// <summary>The outcome for a uuid, and its conflict where the caller's delegate was asked about one.</summary>
    internal (MergeOutcome Outcome, SyncConflict? Conflict) Decide(string uuid, RowVersion? local, RowVersion remote)
        => local is not null && _session.Options.ResolveConflict is { } ask
            ? DecideAsking(uuid, local, remote, ask)
            : (Decision.Decide(local, remote, _session.AgreedUntil, _policy), null);

    /// <summary>A conflict between two versions of a uuid, both as text.</summary>
    internal SyncConflict Conflict(string uuid, RowVersion local, RowVersion remote)
    {
        Dictionary<string, string?> Texts(RowVersion version) => _columns.Compared.Append(_columns.ModifiedOn)
            .ToDictionary(
                i => _table.Columns[i].Name, i => _columns.TextOf[i](version.Values[i]), StringComparer.Ordinal);
        return new SyncConflict(
            _table.Name,
            uuid,
            remote.Line,
            Texts(local),
            Texts(remote),
            DateTime.SpecifyKind(local.Stamp, DateTimeKind.Utc),
            remote.Stamp,
            local.Deleted,
            remote.Deleted);
    }

    // Apart, so that only an import with a delegate pays for the closure, and only for rows with a local version.
    private (MergeOutcome Outcome, SyncConflict? Conflict) DecideAsking(
        string uuid, RowVersion local, RowVersion remote, Func<SyncConflict, SyncConflictWinner> ask)
    {
        SyncConflict? conflict = null;
        var outcome = Decision.Decide(
            local, remote, _session.AgreedUntil, _ => ask(conflict = Conflict(uuid, local, remote)));
        return (outcome, conflict);
    }
}
