using System.Data.Common;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>One column as the database itself reports it, read from the provider's own catalog.</summary>
public sealed record ColumnInfo(string Name, string Type, int? MaxLength, bool Nullable, string? Default, bool PrimaryKey);

/// <summary>Reads tables, columns and unique indexes from SQLite's pragmas and PostgreSQL's catalogs.</summary>
public static class SchemaReader
{
    public static async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(TestDatabase database, string table)
    {
        await using var connection = database.OpenConnection();
        var columns = new List<ColumnInfo>();
        if (database is SqliteTestDatabase)
        {
            await using var reader = await QueryAsync(connection, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@table)", table);
            while (await reader.ReadAsync())
            {
                columns.Add(new ColumnInfo(reader.GetString(0), reader.GetString(1), null, reader.GetInt64(2) == 0,
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4) > 0));
            }
        }
        else
        {
            await using var reader = await QueryAsync(connection, """
                SELECT c.column_name, c.data_type, c.character_maximum_length, c.is_nullable = 'YES', c.column_default,
                       EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                               JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name AND t.constraint_type = 'PRIMARY KEY'
                               WHERE k.table_name = c.table_name AND k.column_name = c.column_name)
                FROM information_schema.columns c WHERE c.table_name = @table AND c.table_schema = 'public' ORDER BY c.ordinal_position
                """, table);
            while (await reader.ReadAsync())
            {
                columns.Add(new ColumnInfo(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5)));
            }
        }

        return columns;
    }

    /// <summary>The columns of every single-column unique index on a table.</summary>
    public static async Task<IReadOnlyList<string>> UniqueIndexColumnsAsync(TestDatabase database, string table)
    {
        await using var connection = database.OpenConnection();
        var columns = new List<string>();
        var sql = database is SqliteTestDatabase
            ? """
              SELECT ii.name FROM pragma_index_list(@table) il, pragma_index_info(il.name) ii
              WHERE il."unique" = 1 AND il.origin = 'c' AND (SELECT COUNT(*) FROM pragma_index_info(il.name)) = 1
              """
            : """
              SELECT a.attname FROM pg_index i
              JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
              WHERE t.relname = @table AND i.indisunique AND NOT i.indisprimary AND i.indnatts = 1
              """;
        await using var reader = await QueryAsync(connection, sql, table);
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    public static async Task<bool> TableExistsAsync(TestDatabase database, string table)
    {
        await using var connection = database.OpenConnection();
        var sql = database is SqliteTestDatabase
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = @table";
        await using var reader = await QueryAsync(connection, sql, table);
        await reader.ReadAsync();
        return Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<DbDataReader> QueryAsync(DbConnection connection, string sql, string table)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        return await command.ExecuteReaderAsync();
    }
}
