using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// The one SELECT that reads a table's rows as a sync file carries them: its columns in file order, then
/// the referenced rows' uuids joined in where references travel as uuids, filtered by a change stamp or
/// by a batch of uuids. Every name comes from the plan and is quoted by the provider's own SQL generation
/// helper; every value is a parameter.
/// </summary>
internal sealed class RowSelect
{
    internal const string UuidSuffix = "__uuid";

    private RowSelect(
        TableMapping table, IReadOnlyList<string> header, IReadOnlyList<ColumnMapping?> carried, string sql)
    {
        Table = table;
        Header = header;
        CarriedFor = carried;
        Sql = sql;
    }

    internal TableMapping Table { get; }

    /// <summary>
    /// Gets the names of the result's columns: the table's, then one <c>…__uuid</c> per carried reference.
    /// </summary>
    internal IReadOnlyList<string> Header { get; }

    /// <summary>
    /// Gets, per result column, the reference column whose uuid it carries, or null for the table's own columns.
    /// </summary>
    internal IReadOnlyList<ColumnMapping?> CarriedFor { get; }

    internal string Sql { get; }

    /// <summary>
    /// Every row, or with <paramref name="since"/> those with <c>modified_on &gt;= @since</c>, ordered by key; in a
    /// table that references itself through one column, parents before their children, then by key.
    /// </summary>
    /// <remarks>
    /// pydal inserts a section's rows in file order and re-points a reference only to a row it has already read
    /// (its id_map), so a row whose parent comes later in the same table keeps the sender's id and breaks a foreign
    /// key there (gis_location's parent, say). Ids say nothing about which row came first once rows were merged
    /// here. A recursive query numbers each row's depth from the roots (no parent, or a parent that does not
    /// exist); rows on a reference cycle have none and come last, by key.
    /// </remarks>
    /// <param name="table">The table.</param>
    /// <param name="carryUuidOf">The table whose uuid a reference into the named table carries, or null.</param>
    /// <param name="since">Whether the rows are filtered by <c>@since</c>.</param>
    /// <param name="sql">The provider's SQL generation helper.</param>
    /// <param name="origins">
    /// Whether each row ends, after the file's columns, with the stamp of the version <c>@recipient</c> sent of it
    /// (<see cref="SyncOrigins"/>), or NULL: a delta for that instance leaves out what it sent.
    /// </param>
    internal static RowSelect All(
        TableMapping table,
        Func<string, TableMapping?> carryUuidOf,
        bool since,
        ISqlGenerationHelper sql,
        bool origins = false)
    {
        var selfReferences = table.Columns.Where(c => c.References == table.Name && c != table.Key).ToList();
        var parent = selfReferences.Count == 1 ? selfReferences[0] : null;
        var select = Create(table, carryUuidOf, sql, origins ? SyncOrigins.Column(sql) : null, (select, t) =>
        {
            var key = sql.DelimitIdentifier(t.Key.Name);
            if (parent is not null)
            {
                select.Append(" LEFT JOIN sahana_tree d ON d.k = t.").Append(key);
            }

            if (origins)
            {
                select.Append(SyncOrigins.JoinFor(t.Uuid!.Name, sql));
            }

            if (since)
            {
                select.Append(" WHERE t.").Append(sql.DelimitIdentifier(t.ModifiedOn!.Name)).Append(" >= @since");
            }

            select.Append(parent is null
                ? " ORDER BY t."
                : " ORDER BY CASE WHEN d.depth IS NULL THEN 1 ELSE 0 END, d.depth, t.").Append(key);
        });
        return parent is null ? select : select.WithTree(parent, sql);
    }

    /// <summary>
    /// The rows whose uuid is one of the batch's, all given in the one parameter <c>@u0</c> as the dialect passes
    /// them (<see cref="SqlDialect.UuidFilter"/>), locked as the dialect locks the rows the merge may write
    /// (<see cref="SqlDialect.RowLock"/>).
    /// </summary>
    internal static RowSelect ByUuid(
        TableMapping table, Func<string, TableMapping?> carryUuidOf, SqlDialect dialect, ISqlGenerationHelper sql)
        => Create(table, carryUuidOf, sql, null, (select, t) => ByUuidFilter(select, t, dialect, lockRows: true, sql));

    /// <summary>
    /// Only what the merge decides by (key, uuid, stamp and tombstone flag) of the rows <see cref="ByUuid"/> selects,
    /// locked as it locks them unless <paramref name="lockRows"/> is false. Most rows of a batch are decided by
    /// their stamps alone, so their other values are not read at all.
    /// </summary>
    internal static RowSelect StampsByUuid(
        TableMapping table, SqlDialect dialect, ISqlGenerationHelper sql, bool lockRows = true)
        => Narrow(
            table,
            [
                table.Key, table.Uuid!,
                .. table.ModifiedOn is { } modifiedOn ? [modifiedOn] : Array.Empty<ColumnMapping>(),
                .. table.Deleted is { } deleted ? [deleted] : Array.Empty<ColumnMapping>(),
            ],
            dialect,
            lockRows,
            sql);

    /// <summary>
    /// The key and uuid of the rows whose uuid is one of the batch's, as <see cref="ByUuid"/> takes them, not
    /// locked: rows a reference points at.
    /// </summary>
    internal static RowSelect KeysByUuid(TableMapping table, SqlDialect dialect, ISqlGenerationHelper sql)
        => Narrow(table, [table.Key, table.Uuid!], dialect, lockRows: false, sql);

    internal DbCommand CreateCommand(
        CommandRunner runner, SqlDialect dialect, DateTime? since, string? recipient = null)
    {
        var command = runner.CreateCommand();
        // Built only from names in EF's model, each quoted by the provider; values go in parameters.
#pragma warning disable CA2100
        command.CommandText = Sql;
#pragma warning restore CA2100
        if (recipient is not null)
        {
            foreach (var (name, text) in new[] { ("origin_table", SyncOrigins.KeyOf(Table)), ("recipient", recipient) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = text;
                command.Parameters.Add(parameter);
            }
        }
        if (since is { } value)
        {
            var parameter = Table.ModifiedOn!.TypeMapping.CreateParameter(command, "since", null, nullable: false);
            parameter.Value = dialect.ParameterValue(Table.ModifiedOn)(DateTime.SpecifyKind(value, DateTimeKind.Utc));
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// Puts the recursive query that numbers each row's depth below its roots in front of the SELECT.
    /// </summary>
    private RowSelect WithTree(ColumnMapping parent, ISqlGenerationHelper sql)
    {
        var table = sql.DelimitIdentifier(Table.Name, Table.Schema);
        var key = sql.DelimitIdentifier(Table.Key.Name);
        var up = sql.DelimitIdentifier(parent.Name);
        var tree = new StringBuilder("WITH RECURSIVE sahana_tree (k, depth) AS (SELECT r.").Append(key)
            .Append(", 0 FROM ").Append(table).Append(" r WHERE r.").Append(up)
            .Append(" IS NULL OR NOT EXISTS (SELECT 1 FROM ").Append(table).Append(" q WHERE q.").Append(key)
            .Append(" = r.").Append(up).Append(") UNION ALL SELECT c.").Append(key)
            .Append(", sahana_tree.depth + 1 FROM ").Append(table)
            .Append(" c JOIN sahana_tree ON c.").Append(up).Append(" = sahana_tree.k) ");
        return new RowSelect(Table, Header, CarriedFor, tree.Append(Sql).ToString());
    }

    private static RowSelect Narrow(
        TableMapping table, ColumnMapping[] columns, SqlDialect dialect, bool lockRows, ISqlGenerationHelper sql)
    {
        var select = new StringBuilder("SELECT ")
            .AppendJoin(", ", columns.Select(c => "t." + sql.DelimitIdentifier(c.Name)))
            .Append(" FROM ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" t");
        ByUuidFilter(select, table, dialect, lockRows, sql);
        return new RowSelect(
            table, [.. columns.Select(c => c.Name)], [.. columns.Select(_ => (ColumnMapping?)null)], select.ToString());
    }

    private static void ByUuidFilter(
        StringBuilder select, TableMapping table, SqlDialect dialect, bool lockRows, ISqlGenerationHelper sql)
    {
        select.Append(" WHERE t.").Append(sql.DelimitIdentifier(table.Uuid!.Name)).Append(dialect.UuidFilter);
        if (lockRows)
        {
            select.Append(dialect.RowLock);
        }
    }

    private static RowSelect Create(
        TableMapping table,
        Func<string, TableMapping?> carryUuidOf,
        ISqlGenerationHelper sql,
        string? trailing,
        Action<StringBuilder, TableMapping> filter)
    {
        var header = table.Columns.Select(c => c.Name).ToList();
        var carried = new List<ColumnMapping?>(table.Columns.Select(_ => (ColumnMapping?)null));
        var select = new StringBuilder("SELECT ");
        select.AppendJoin(", ", table.Columns.Select(c => "t." + sql.DelimitIdentifier(c.Name)));
        var joins = new StringBuilder();
        foreach (var column in table.Columns)
        {
            if (column.References is null || carryUuidOf(column.References) is not { Uuid: { } uuid } parent)
            {
                continue;
            }

            var alias = "p" + carried.Count.ToString(CultureInfo.InvariantCulture);
            header.Add(column.Name + UuidSuffix);
            carried.Add(column);
            select.Append(", ").Append(alias).Append('.').Append(sql.DelimitIdentifier(uuid.Name));
            joins.Append(" LEFT JOIN ").Append(sql.DelimitIdentifier(parent.Name, parent.Schema))
                .Append(' ').Append(alias)
                .Append(" ON ").Append(alias).Append('.').Append(sql.DelimitIdentifier(parent.Key.Name))
                .Append(" = t.").Append(sql.DelimitIdentifier(column.Name));
        }

        if (trailing is not null)
        {
            select.Append(", ").Append(trailing);
        }

        select.Append(" FROM ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" t").Append(joins);
        filter(select, table);
        return new RowSelect(table, header, carried, select.ToString());
    }
}
