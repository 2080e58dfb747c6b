using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Writes a table on PostgreSQL, where every statement is a round trip: a batch travels as one array parameter
/// per column (<c>INSERT … SELECT * FROM unnest(@p0::type[], …)</c>, <c>UPDATE … FROM unnest(…)</c>,
/// <c>= ANY(…)</c>). A handful of parameters instead of thousands, and one statement text whatever the batch
/// size, so one prepared statement serves every batch and PostgreSQL runs it as one plan instead of one per row.
/// </summary>
internal sealed class PostgresTableWriter(
    TableMapping table, CommandRunner runner, ISqlGenerationHelper sql, SqlDialect dialect)
    : TableWriter(table, runner, sql, dialect)
{
    // The most parameters one multi-row statement carries (PostgreSQL takes 65535), and the most rows.
    private const int MaxParameters = 30_000;
    private const int MaxRows = 1_000;

    /// <inheritdoc/>
    internal override async Task<Dictionary<string, object>?> InsertAsync(
        int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken)
    {
        var returning = CanReturnKeys(columns, wantKeys);
        var keys = returning ? new Dictionary<string, object>(rows.Count, StringComparer.Ordinal) : null;
        foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand(Invariant($"ia:{string.Join(',', columns)}"), columns.Length, () =>
                $"INSERT INTO {Name} ({string.Join(", ", columns.Select(Column))})"
                + $" SELECT * FROM unnest({Arrays(columns)})"
                + (returning ? Returning : string.Empty));
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters[i].Value = ArrayOf(columns[i], chunk.Select(row => row[columns[i]]));
            }

            await ExecuteInsertAsync(command, keys, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }

    /// <summary>
    /// Updates rows with one statement per batch: the new values, keys and expected stamps as one array each,
    /// joined to the table. A row is written only if its <c>modified_on</c> is still what the import read, since
    /// the host's writers run beside the import.
    /// </summary>
    internal override async Task UpdateAsync(
        int[] columns,
        IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows,
        CancellationToken cancellationToken)
    {
        var keyIndex = Table.IndexOf(Table.Key);
        var stampIndex = Table.ModifiedOn is null ? -1 : Table.IndexOf(Table.ModifiedOn);
        var arrays = columns.Append(keyIndex).Concat(stampIndex >= 0 ? [stampIndex] : []).ToArray();
        foreach (var chunk in rows.Chunk(SqlDialect.RowsPerArrayStatement))
        {
            var command = ArrayCommand(Invariant($"ua:{string.Join(',', columns)}"), arrays.Length, () =>
            {
                var text = new StringBuilder("UPDATE ").Append(Name).Append(" AS t SET ")
                    .AppendJoin(", ", columns.Select((c, i) => Invariant($"{Column(c)} = v.c{i}")))
                    .Append(" FROM unnest(").Append(Arrays(arrays))
                    .Append(") AS v(").AppendJoin(", ", arrays.Select((_, i) => Invariant($"c{i}"))).Append(')')
                    .Append(" WHERE t.").Append(Sql.DelimitIdentifier(Table.Key.Name))
                    .Append(" = v.c").Append(columns.Length);
                if (stampIndex >= 0)
                {
                    text.Append(" AND t.").Append(Sql.DelimitIdentifier(Table.ModifiedOn!.Name))
                        .Append(" = v.c").Append(columns.Length + 1);
                }

                return text.ToString();
            });
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters[i].Value = ArrayOf(columns[i], chunk.Select(r => r.Values[columns[i]]));
            }

            command.Parameters[columns.Length].Value = ArrayOf(keyIndex, chunk.Select(r => r.Key));
            if (stampIndex >= 0)
            {
                command.Parameters[columns.Length + 1].Value = ArrayOf(stampIndex, chunk.Select(r => (object?)r.Seen));
            }

            var affected = await Runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            ThrowIfChangedMeanwhile(chunk.Length, affected);
        }
    }

    /// <summary>As many rows per statement as parameters allow, each statement a round trip.</summary>
    private protected override int RowsPerStatement(int parametersPerRow)
        => Math.Clamp(MaxParameters / Math.Max(1, parametersPerRow), 1, MaxRows);

    /// <summary>
    /// The array parameters <c>@p0::type[], @p1::type[], …</c>, one per column, each cast to its column's store type.
    /// </summary>
    private string Arrays(int[] columns)
        => string.Join(", ", columns.Select((c, i) => $"{SqlDialect.ParameterName("p", i)}::{StoreType(c)}[]"));

    private string StoreType(int column) => Table.Columns[column].TypeMapping.StoreType;

    private string Column(int column) => Sql.DelimitIdentifier(Table.Columns[column].Name);

    /// <summary>One column's values as a typed array for an array parameter, adapted as single values are.</summary>
    private Array ArrayOf(int column, IEnumerable<object?> values)
        => PostgresDialect.ArrayOf(Table.Columns[column], Values[column], values);

    /// <summary>
    /// A command whose parameters are arrays, named <c>@p0</c>, <c>@p1</c>, …, typed by their values.
    /// </summary>
    private DbCommand ArrayCommand(string shape, int parameters, Func<string> text)
        => Cached(shape, () => PostgresDialect.CreateArrayCommand(Runner, text(), "p", parameters));
}
