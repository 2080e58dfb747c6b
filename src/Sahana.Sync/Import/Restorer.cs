using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// Restores a backup into an empty database: every table of the model the file holds, rows as they are,
/// ids kept, parents first. Refuses a database that holds any row, since ids kept would collide.
/// </summary>
internal static class Restorer
{
    private const int BatchSize = 1_000;

    internal static async Task RestoreAsync(ImportSession session, DbContext context, CancellationToken cancellationToken)
    {
        foreach (var table in session.Plan.BackupTables)
        {
            if (!await session.Writer(table.Mapping).IsEmptyAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SyncException($"A restore needs an empty database, but {table.Table} holds rows. Nothing was changed.");
            }
        }

        foreach (var table in session.Plan.BackupTables)
        {
            if (!session.File.Sections.TryGetValue(table.Table, out var section))
            {
                continue;
            }

            var writer = session.Writer(table.Mapping);
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
                report.Tombstones += table.Mapping.Deleted is { } deleted && values[section.Index(deleted)] is true ? 1 : 0;
                if (table.Mapping.ModifiedOn is { } modifiedOn && values[section.Index(modifiedOn)] is DateTime stamp)
                {
                    session.Wrote(stamp);
                }

                if (batch.Count == BatchSize)
                {
                    await writer.InsertAsync(columns, batch, wantKeys: false, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    session.Options.Progress?.Report(new SyncProgress(table.Table, report.Inserted));
                }
            }

            await writer.InsertAsync(columns, batch, wantKeys: false, cancellationToken).ConfigureAwait(false);
            session.Options.Progress?.Report(new SyncProgress(table.Table, report.Inserted));
            session.Tables.Add(report);
            if (report.Inserted > 0)
            {
                await ContinueKeySequenceAsync(session, context, table.Mapping, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// PostgreSQL's identity sequences do not notice explicit ids: without this, the host's next insert would
    /// collide with a restored row. SQLite continues after the largest rowid by itself.
    /// </summary>
    private static async Task ContinueKeySequenceAsync(ImportSession session, DbContext context, Model.TableMapping table, CancellationToken cancellationToken)
    {
        if (context.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL"
            || !table.Key.IsGeneratedByDatabase)
        {
            return;
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        var command = session.Runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
#pragma warning disable CA2100 // Names from EF's model, quoted by the provider; the sequence is found by parameters.
            // setval refuses a value below the sequence's minimum (1 by default), which a backup whose ids are
            // all at or below zero has (SQLite takes such ids): the sequence then starts again at its minimum,
            // not yet called, so the next id is the minimum itself, as SQLite continues at 1.
            command.CommandText = $"SELECT setval(s.seqrelid::regclass, GREATEST(t.top, s.seqmin), t.top >= s.seqmin) "
                + $"FROM pg_sequence s, (SELECT MAX({sql.DelimitIdentifier(table.Key.Name)}) AS top FROM {sql.DelimitIdentifier(table.Name, table.Schema)}) t "
                + "WHERE s.seqrelid = pg_get_serial_sequence(@table, @column)::regclass";
#pragma warning restore CA2100
            AddText(command, "table", sql.DelimitIdentifier(table.Name, table.Schema));
            AddText(command, "column", table.Key.Name);
            await session.Runner.ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddText(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
