using System.Text.Json;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Writes the losing version of each conflict a batch decided to <c>sync_conflict</c>, in the import's transaction:
/// batch by batch, so the log is streamed and never held, however many conflicts a file brings.
/// </summary>
internal static class ConflictLog
{
    internal static async Task RecordAsync(
        ImportSession session, IReadOnlyList<SyncConflict> conflicts, CancellationToken cancellationToken)
    {
        if (conflicts.Count == 0 || session.Plan.Find(SyncConflictConfiguration.TableName)?.Mapping is not { } mapping)
        {
            return;
        }

        var rows = new object?[conflicts.Count][];
        for (var r = 0; r < conflicts.Count; r++)
        {
            var conflict = conflicts[r];
            var localLost = conflict.Winner == SyncConflictWinner.Remote;
            var values = new object?[mapping.Columns.Count];
            void Set(string column, object? value) => values[mapping.IndexOf(column)] = value;
            Set("id", session.ConflictIds.Next());
            Set("import_id", session.ImportId);
            Set("recorded_at", session.StartedAt);
            Set("table_name", conflict.Table);
            Set("uuid", conflict.Uuid);
            Set("winner", (int)conflict.Winner);
            Set("sender", session.File.Sender?.BaseUuid is { Length: <= 4 } sender ? sender : null);
            Set("loser_modified_on", Utc(localLost ? conflict.LocalModifiedOn : conflict.RemoteModifiedOn));
            Set("winner_modified_on", Utc(localLost ? conflict.RemoteModifiedOn : conflict.LocalModifiedOn));
            Set("loser_deleted", localLost ? conflict.LocalDeleted : conflict.RemoteDeleted);
            Set("loser_values", JsonSerializer.Serialize(localLost ? conflict.LocalValues : conflict.RemoteValues));
            Set("winner_values", JsonSerializer.Serialize(localLost ? conflict.RemoteValues : conflict.LocalValues));
            Set("state", (int)SyncConflictState.Open);
            rows[r] = values;
        }

        var all = Enumerable.Range(0, mapping.Columns.Count)
            .Where(i => mapping.Columns[i].Name is not ("resolved_by" or "resolved_at")).ToArray();
        await session.Store(mapping).InsertAsync(all, rows, wantKeys: false, cancellationToken).ConfigureAwait(false);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
