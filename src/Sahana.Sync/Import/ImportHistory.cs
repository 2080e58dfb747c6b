using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Writes the import's row of <c>sync_import</c>, in the import's own transaction, just before it commits:
/// a rejected or cancelled import leaves no trace but the log.
/// </summary>
internal static class ImportHistory
{
    internal static async Task RecordAsync(
        ImportSession session,
        MergeReport report,
        DateTime startedAt,
        DateTime finishedAt,
        CancellationToken cancellationToken)
    {
        var mapping = session.Plan.Find(SyncImportConfiguration.TableName)!.Mapping;
        var values = new object?[mapping.Columns.Count];
        void Set(string column, object? value) => values[mapping.IndexOf(column)] = value;

        var summary = report.ToString();
        Set("id", session.ImportId);
        Set("started_at", startedAt);
        Set("finished_at", finishedAt);
        Set("received_at", DateTime.SpecifyKind(session.Clock.Next(), DateTimeKind.Utc));
        Set("sender", report.Sender?.BaseUuid ?? session.File.Sender?.BaseUuid);
        Set("sender_fingerprint", session.SenderFingerprint);
        Set("source", session.Options.Source is { Length: > 256 } source ? source[..256] : session.Options.Source);
        Set("restore", report.Restore);
        Set("inserted", report.Tables.Sum(t => t.Inserted));
        Set("updated", report.Tables.Sum(t => t.Updated));
        Set("unchanged", report.Tables.Sum(t => t.Unchanged));
        Set("older_skipped", report.Tables.Sum(t => t.OlderSkipped));
        Set("conflicts", report.ConflictCount);
        Set("tombstones", report.Tables.Sum(t => t.Tombstones));
        Set(
            "oldest_change",
            session.OldestChange is { } oldest ? DateTime.SpecifyKind(oldest, DateTimeKind.Utc) : null);
        Set(
            "summary",
            summary.Length > SyncImportConfiguration.SummaryLength
                ? summary[..SyncImportConfiguration.SummaryLength]
                : summary);

        var all = Enumerable.Range(0, values.Length).ToArray();
        await session.Store(mapping).InsertAsync(all, [values], wantKeys: false, cancellationToken)
            .ConfigureAwait(false);
    }
}
