using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Export;

/// <summary>
/// The one SELECT that streams a table: its columns in file order, the referenced rows' uuids joined in
/// where the file needs them, the delta filter, ordered by key. Every name comes from the plan and is
/// quoted by the provider's own SQL generation helper.
/// </summary>
internal sealed class ExportQuery
{
    internal const string UuidSuffix = "__uuid";

    private ExportQuery(IReadOnlyList<string> header, string sql)
    {
        Header = header;
        Sql = sql;
    }

    /// <summary>Gets the file's header for the table: its columns, then one <c>…__uuid</c> per carried reference.</summary>
    internal IReadOnlyList<string> Header { get; }

    internal string Sql { get; }

    /// <param name="table">The table to read.</param>
    /// <param name="carryUuidOf">The referenced tables whose uuids travel with the references.</param>
    /// <param name="since">Whether to filter on <c>modified_on &gt;= @since</c>.</param>
    /// <param name="sql">The provider's identifier quoting.</param>
    internal static ExportQuery Create(TableMapping table, Func<string, TableMapping?> carryUuidOf, bool since, ISqlGenerationHelper sql)
    {
        var header = table.Columns.Select(c => c.Name).ToList();
        var select = new StringBuilder("SELECT ");
        select.AppendJoin(", ", table.Columns.Select(c => "t." + sql.DelimitIdentifier(c.Name)));
        var joins = new StringBuilder();
        var join = 0;
        foreach (var column in table.Columns)
        {
            if (column.References is null || carryUuidOf(column.References) is not { Uuid: { } uuid } parent)
            {
                continue;
            }

            var alias = "p" + join++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            header.Add(column.Name + UuidSuffix);
            select.Append(", ").Append(alias).Append('.').Append(sql.DelimitIdentifier(uuid.Name));
            joins.Append(" LEFT JOIN ").Append(sql.DelimitIdentifier(parent.Name, parent.Schema)).Append(' ').Append(alias)
                .Append(" ON ").Append(alias).Append('.').Append(sql.DelimitIdentifier(parent.Key.Name))
                .Append(" = t.").Append(sql.DelimitIdentifier(column.Name));
        }

        select.Append(" FROM ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" t").Append(joins);
        if (since)
        {
            select.Append(" WHERE t.").Append(sql.DelimitIdentifier(table.ModifiedOn!.Name)).Append(" >= @since");
        }

        select.Append(" ORDER BY t.").AppendJoin(", t.", table.Columns.Where(c => c.Role == ColumnRole.Key).Select(c => sql.DelimitIdentifier(c.Name)));
        return new ExportQuery(header, select.ToString());
    }

    internal DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, TableMapping table, DateTime? since)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Built only from names in EF's model, each quoted by the provider; values go in parameters.
        command.CommandText = Sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        if (since is { } value)
        {
            command.Parameters.Add(table.ModifiedOn!.TypeMapping.CreateParameter(command, "since", DateTime.SpecifyKind(value, DateTimeKind.Utc), nullable: false));
        }

        return command;
    }
}
