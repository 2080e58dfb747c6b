using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Import;

/// <summary>
/// Restores a backup into an empty database: every table of the model the file holds, rows as they are,
/// ids kept, parents first. Refuses a database that holds any row, since ids kept would collide.
/// </summary>
internal static class Restorer
{
    private const int BatchSize = 1_000;

    internal static async Task RestoreAsync(
        ImportSession session, DbContext context, CancellationToken cancellationToken)
    {
        foreach (var table in session.Plan.BackupTables)
        {
            if (!await session.Store(table.Mapping).IsEmptyAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SyncException(
                    $"A restore needs an empty database, but {table.Table} holds rows. Nothing was changed.");
            }
        }

        foreach (var table in session.Plan.BackupTables)
        {
            if (!session.File.Sections.TryGetValue(table.Table, out var section))
            {
                continue;
            }

            var store = session.Store(table.Mapping);
            var columns = Enumerable.Range(0, section.FieldOf.Length).Where(i => section.FieldOf[i] >= 0).ToArray();
            var report = new TableMergeReport(table.Table) { Rows = section.Rows };
            var batch = new List<object?[]>(BatchSize);
            foreach (var row in session.File.Spill.Read(section.SpillStart, section.SpillEnd))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = new object?[section.FieldOf.Length];
                foreach (var i in columns)
                {
                    values[i] = section.Parsers[i].Parse(row.Fields[section.FieldOf[i]], row.Line);
                }

                batch.Add(values);
                report.Inserted++;
                report.Tombstones +=
                    table.Mapping.Deleted is { } deleted && values[section.Index(deleted)] is true ? 1 : 0;
                if (table.Mapping.ModifiedOn is { } modifiedOn && values[section.Index(modifiedOn)] is DateTime stamp)
                {
                    session.Wrote(stamp);
                }

                if (batch.Count == BatchSize)
                {
                    await store.InsertAsync(columns, batch, wantKeys: false, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    session.Options.Progress?.Report(new SyncProgress(table.Table, report.Inserted));
                }
            }

            await store.InsertAsync(columns, batch, wantKeys: false, cancellationToken).ConfigureAwait(false);
            session.Options.Progress?.Report(new SyncProgress(table.Table, report.Inserted));
            session.Tables.Add(report);
            if (report.Inserted > 0)
            {
                // The database's next generated key must follow the ids the backup kept.
                await store.ContinueKeySequenceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
