using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// The statements that write one table, in batches: inserts and guarded updates; what reads the table is
/// <see cref="TableStore"/>'s, which owns this writer. Plain SQL built from the plan's names through the
/// provider's quoting; values only in parameters. A command of a given shape is built once and reused with new
/// values, so providers can keep it prepared. Every command runs through <see cref="CommandRunner"/>, so the
/// host's command interceptors see it.
/// </summary>
/// <remarks>
/// How inserts and updates travel in batches is the provider's: each dialect makes its own
/// writer (<see cref="SqlDialect.CreateWriter"/>). What every provider runs alike is here.
/// </remarks>
internal abstract class TableWriter : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private protected TableWriter(
        TableMapping table, CommandRunner runner, ISqlGenerationHelper sql, SqlDialect dialect)
    {
        Table = table;
        Runner = runner;
        Sql = sql;
        Dialect = dialect;
        Values = [.. table.Columns.Select(dialect.ParameterValue)];
    }

    internal TableMapping Table { get; }

    internal SqlDialect Dialect { get; }

    private protected CommandRunner Runner { get; }

    private protected ISqlGenerationHelper Sql { get; }

    /// <summary>Gets, per column of the table, what adapts a value to the column's parameter.</summary>
    private protected Func<object?, object>[] Values { get; }

    /// <summary>Gets the table's name, quoted.</summary>
    private protected string Name => Sql.DelimitIdentifier(Table.Name, Table.Schema);

    /// <summary>
    /// Inserts rows; <paramref name="columns"/> are the indexes of the table's columns written, each row
    /// holds a value per column of the table. When <paramref name="wantKeys"/> and the insert can return them,
    /// returns the new rows' keys by uuid, read back from the insert itself (<c>RETURNING</c>); else null.
    /// </summary>
    internal abstract Task<Dictionary<string, object>?> InsertAsync(
        int[] columns, IReadOnlyList<object?[]> rows, bool wantKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Updates rows by key. Where other writers run beside the import, a row is written only if its
    /// <c>modified_on</c> is still what the import read; a row the host changed meanwhile makes the import fail.
    /// </summary>
    internal abstract Task UpdateAsync(
        int[] columns,
        IReadOnlyList<(object?[] Values, object Key, DateTime Seen)> rows,
        CancellationToken cancellationToken);

    /// <summary>Sets one column of rows given by key, such as a reference fixed up once its row exists.</summary>
    internal async Task SetAsync(
        int column, IReadOnlyList<(object Key, object? Value)> rows, CancellationToken cancellationToken)
    {
        var keyIndex = Table.IndexOf(Table.Key);
        var target = Sql.DelimitIdentifier(Table.Columns[column].Name);
        var key = Sql.DelimitIdentifier(Table.Key.Name);
        foreach (var chunk in rows.Chunk(RowsPerStatement(2)))
        {
            var command = Command(Invariant($"s{chunk.Length}:{column}"), () =>
            {
                var text = new StringBuilder();
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append("UPDATE ").Append(Name).Append(" SET ").Append(target).Append(" = ")
                        .Append(SqlDialect.ParameterName("p", 2 * r)).Append(" WHERE ").Append(key).Append(" = ")
                        .Append(SqlDialect.ParameterName("p", (2 * r) + 1)).Append(';');
                }

                return (text.ToString(), Enumerable.Range(0, chunk.Length).SelectMany(_ => new[] { column, keyIndex }));
            });
            var n = 0;
            foreach (var (rowKey, value) in chunk)
            {
                command.Parameters[n++].Value = Values[column](value);
                command.Parameters[n++].Value = Values[keyIndex](rowKey);
            }

            await Runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gets how many rows of <paramref name="parametersPerRow"/> values one multi-row statement takes.
    /// </summary>
    private protected abstract int RowsPerStatement(int parametersPerRow);

    private protected static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private protected void ThrowIfChangedMeanwhile(int expected, int affected)
    {
        if (affected != expected)
        {
            throw new SyncConcurrencyException(
                $"{expected - affected} rows of {Table.Name} changed in this database while the import was running; "
                + "nothing was imported. Import the file again.");
        }
    }

    /// <summary>Runs an insert, reading the keys it returns into <paramref name="keys"/> unless that is null.</summary>
    private protected async Task ExecuteInsertAsync(
        DbCommand command, Dictionary<string, object>? keys, CancellationToken cancellationToken)
    {
        if (keys is null)
        {
            await Runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            return;
        }

        var keyReader = Table.Readers[Table.IndexOf(Table.Key)];
        var reader = await Runner.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken)
            .ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys[reader.GetString(1)] = keyReader(reader, 0)!;
            }
        }
    }

    /// <summary>Gets what an insert that returns the new rows' keys ends with: key, then uuid.</summary>
    private protected string Returning
        => $" RETURNING {Sql.DelimitIdentifier(Table.Key.Name)}, {Sql.DelimitIdentifier(Table.Uuid!.Name)}";

    /// <summary>
    /// Gets whether an insert of <paramref name="columns"/> can give the new rows' keys back by uuid.
    /// </summary>
    private protected bool CanReturnKeys(int[] columns, bool wantKeys)
        => wantKeys && Table.Uuid is not null && !columns.Contains(Table.IndexOf(Table.Key));

    /// <summary>A command built once per shape and kept, or the one kept for that shape.</summary>
    /// <param name="shape">What identifies the command's text: statement kind, rows, columns.</param>
    /// <param name="create">Makes the command with its text and parameters.</param>
    private protected DbCommand Cached(string shape, Func<DbCommand> create)
    {
        if (!_commands.TryGetValue(shape, out var command))
        {
            command = create();
            _commands[shape] = command;
        }

        return command;
    }

    /// <summary>A prepared command whose parameters are typed by the table's columns.</summary>
    /// <param name="shape">What identifies the command's text: statement kind, rows, columns.</param>
    /// <param name="build">
    /// The command text, and the column whose type each parameter <c>@p0, @p1, …</c> takes.
    /// </param>
    /// <param name="prefix">The parameters' prefix.</param>
    private protected DbCommand Command(
        string shape, Func<(string Text, IEnumerable<int> Columns)> build, string prefix = "p")
        => Cached(shape, () =>
        {
            var (text, parameterColumns) = build();
            var command = Runner.CreateCommand();
            // Built only from names in EF's model, each quoted by the provider; values go in parameters.
#pragma warning disable CA2100
            command.CommandText = text;
#pragma warning restore CA2100
            var n = 0;
            foreach (var column in parameterColumns)
            {
                // Named as in the SQL, "@" included: Microsoft.Data.Sqlite otherwise tries every prefix in turn.
                var name = SqlDialect.ParameterName(prefix, n++);
                var mapping = Table.Columns[column].TypeMapping;
                command.Parameters.Add(mapping.CreateParameter(command, name, value: null, nullable: true));
            }

            // Prepared once, executed for every batch of this shape: Microsoft.Data.Sqlite re-parses an
            // unprepared command each time.
            command.Prepare();
            return command;
        });
}
