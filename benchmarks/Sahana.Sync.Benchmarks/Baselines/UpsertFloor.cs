using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Sahana.Sync.Benchmarks.Data;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Baselines;

/// <summary>
/// The floor: the same file's rows written with the least a database can do, through raw ADO.NET in one
/// transaction, with no merge logic beyond "newer wins". SQLite: one prepared
/// <c>INSERT … ON CONFLICT(uuid) DO UPDATE … WHERE excluded.modified_on &gt; modified_on</c> per row.
/// PostgreSQL: binary COPY into a temporary table, then one <c>INSERT … SELECT … ON CONFLICT … WHERE newer</c>.
/// </summary>
public static class UpsertFloor
{
    private static readonly string[] Data = PersonFiles.Columns[1..];

    public static async Task<long> RunAsync(BenchmarkDatabase database, string file)
    {
        return database.Provider == "sqlite"
            ? await SqliteAsync(database.ConnectionString, file)
            : await PostgresAsync(database.ConnectionString, file);
    }

    private static async Task<long> SqliteAsync(string connectionString, string file)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO pr_person ({string.Join(", ", Data)}) VALUES ({string.Join(", ", Data.Select(c => "@" + c))}) "
            + $"ON CONFLICT(Uuid) DO UPDATE SET {string.Join(", ", Data.Where(c => c != "Uuid").Select(c => $"{c} = excluded.{c}"))} WHERE excluded.ModifiedOn > pr_person.ModifiedOn";
        var parameters = Data.Select(c => command.Parameters.Add("@" + c, SqliteType.Text)).ToArray();
        command.Prepare();
        long rows = 0;
        await foreach (var fields in ReadAsync(file))
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = Value(Data[i], fields[i + 1]);
            }

            await command.ExecuteNonQueryAsync();
            rows++;
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static async Task<long> PostgresAsync(string connectionString, string file)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var quoted = Data.Select(c => $"\"{c}\"").ToArray();
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {string.Join(", ", quoted)} FROM pr_person WITH NO DATA", connection, transaction))
        {
            await create.ExecuteNonQueryAsync();
        }

        long rows = 0;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY incoming ({string.Join(", ", quoted)}) FROM STDIN (FORMAT BINARY)"))
        {
            await foreach (var fields in ReadAsync(file))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(fields[1], NpgsqlDbType.Text);
                await copy.WriteAsync(fields[2], NpgsqlDbType.Text);
                await WriteAsync<int>(copy, fields[3] is null ? null : int.Parse(fields[3]!, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                await WriteAsync<DateOnly>(copy, fields[4] is null ? null : DateOnly.Parse(fields[4]!, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await copy.WriteAsync(fields[5], NpgsqlDbType.Text);
                await copy.WriteAsync(fields[6], NpgsqlDbType.Text);
                await copy.WriteAsync(fields[7] == "True", NpgsqlDbType.Boolean);
                await copy.WriteAsync(Stamp(fields[8]!), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(Stamp(fields[9]!), NpgsqlDbType.TimestampTz);
                rows++;
            }

            await copy.CompleteAsync();
        }

        await using (var merge = new NpgsqlCommand(
            $"INSERT INTO pr_person ({string.Join(", ", quoted)}) SELECT {string.Join(", ", quoted)} FROM incoming "
            + $"ON CONFLICT (\"Uuid\") DO UPDATE SET {string.Join(", ", quoted.Where(c => c != "\"Uuid\"").Select(c => $"{c} = excluded.{c}"))} "
            + "WHERE excluded.\"ModifiedOn\" > pr_person.\"ModifiedOn\"", connection, transaction))
        {
            merge.CommandTimeout = 0;
            await merge.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static async Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, type);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    private static DateTime Stamp(string text) => ValueCodecs.For<DateTime>().ParseValue(text);

    private static object Value(string column, string? text) => text is null ? DBNull.Value : column switch
    {
        "Deleted" => text == "True" ? 1 : 0,
        "Gender" => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        _ => text,
    };

    internal static async IAsyncEnumerable<string?[]> ReadAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await using var reader = new Web2pyCsvReader(stream);
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            // pr_person only: the files of ImportShape.Conflicts are headed by a sync_instance section.
            if (kind == Web2pyCsvRecordKind.Row && reader.Table == "pr_person")
            {
                yield return reader.Fields;
            }
        }
    }

    internal static DbConnection Open(BenchmarkDatabase database)
        => database.Provider == "sqlite" ? new SqliteConnection(database.ConnectionString) : new NpgsqlConnection(database.ConnectionString);
}
