using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Writes a table on SQLite: one prepared statement per row. SQLite runs in-process, so a statement per row
/// costs no round trip, while Microsoft.Data.Sqlite binds each parameter by looking its name up among the
/// statement's, so a statement of P parameters costs P²: statements stay small.
/// </summary>
internal sealed class SqliteTableWriter(
    TableMapping table, CommandRunner runner, ISqlGenerationHelper sql, SqlDialect dialect)
    : TableWriter(table, runner, sql, dialect)
{
    // The most parameters one statement carries, where a row has one: a reference fixed up.
    private const int MaxParameters = 100;

    /// <inheritdoc/>
    internal override async Task<Dictionary<string, object>?> InsertAsync(
        int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken)
    {
        var returning = CanReturnKeys(columns, wantKeys);
        var keys = returning ? new Dictionary<string, object>(rows.Count, StringComparer.Ordinal) : null;
        var names = string.Join(", ", columns.Select(c => Sql.DelimitIdentifier(Table.Columns[c].Name)));
        foreach (var chunk in rows.Chunk(RowsPerStatement(columns.Length)))
        {
            var command = Command(Invariant($"i{chunk.Length}:{string.Join(',', columns)}"), () =>
            {
                var text = new StringBuilder("INSERT INTO ").Append(Name)
                    .Append(" (").Append(names).Append(") VALUES ");
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (")
                        .Append(SqlDialect.Parameters("p", columns.Length, r * columns.Length)).Append(')');
                }

                text.Append(returning ? Returning : string.Empty);
                return (text.ToString(), Enumerable.Range(0, chunk.Length).SelectMany(_ => columns));
            });
            var p = 0;
            foreach (var row in chunk)
            {
                foreach (var c in columns)
                {
                    command.Parameters[p++].Value = Values[c](row[c]);
                }
            }

            await ExecuteInsertAsync(command, keys, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>
    /// Updates rows by key, unguarded: the import's write transaction (<c>BEGIN IMMEDIATE</c>) keeps every other
    /// writer out, so no row can change between the import's read and its write.
    /// </summary>
    internal override async Task UpdateAsync(
        int[] columns,
        IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows,
        CancellationToken cancellationToken)
    {
        var keyIndex = Table.IndexOf(Table.Key);
        var perRow = columns.Length + 1;
        foreach (var chunk in rows.Chunk(RowsPerStatement(perRow)))
        {
            var command = Command(Invariant($"u{chunk.Length}:{string.Join(',', columns)}"), () =>
            {
                var text = new StringBuilder();
                var types = new List<int>();
                for (var r = 0; r < chunk.Length; r++)
                {
                    var p = r * perRow;
                    text.Append("UPDATE ").Append(Name).Append(" SET ")
                        .AppendJoin(", ", columns.Select((c, i) => Sql.DelimitIdentifier(Table.Columns[c].Name)
                            + " = " + SqlDialect.ParameterName("p", p + i)))
                        .Append(" WHERE ").Append(Sql.DelimitIdentifier(Table.Key.Name)).Append(" = ")
                        .Append(SqlDialect.ParameterName("p", p + columns.Length)).Append(';');
                    types.AddRange(columns);
                    types.Add(keyIndex);
                }

                return (text.ToString(), types);
            });
            var n = 0;
            foreach (var (values, key, _) in chunk)
            {
                foreach (var c in columns)
                {
                    command.Parameters[n++].Value = Values[c](values[c]);
                }

                command.Parameters[n++].Value = Values[keyIndex](key);
            }

            var affected = await Runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfChangedMeanwhile(chunk.Length, affected);
        }
    }

    /// <summary>
    /// One row per statement where a row has more than one value (each statement is prepared once and costs no
    /// round trip); up to <see cref="MaxParameters"/> rows where it has one.
    /// </summary>
    private protected override int RowsPerStatement(int parametersPerRow)
        => parametersPerRow > 1 ? 1 : MaxParameters;
}
