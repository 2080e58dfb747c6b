using System.Data;
using System.Globalization;
using Sahana.Sync.Benchmarks.Data;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Baselines;

/// <summary>
/// The export floor: one <c>SELECT</c> of pr_person through a raw <see cref="System.Data.Common.DbDataReader"/>,
/// typed getters, values formatted into a buffer with the invariant culture, straight into the web2py CSV
/// writer. No model, no plan, no snapshot transaction; the same text as the exporter's pr_person section.
/// </summary>
public static class RawExport
{
    public static async Task<long> RunAsync(BenchmarkDatabase database, Stream destination)
    {
        var sqlite = database.Provider == "sqlite";
        await using var connection = UpsertFloor.Open(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", PersonFiles.Columns.Select(c => sqlite ? c : $"\"{c}\""))} FROM pr_person";
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
        await using var writer = new Web2pyCsvWriter(destination, leaveOpen: true);
        writer.StartTable("pr_person", PersonFiles.Columns);
        var buffer = new char[64];
        long rows = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < PersonFiles.Columns.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    writer.WriteNull();
                    continue;
                }

                int length;
                switch (i)
                {
                    case 0 or 3:
                        reader.GetInt32(i).TryFormat(buffer, out length, provider: CultureInfo.InvariantCulture);
                        writer.WriteField(buffer.AsSpan(0, length));
                        break;
                    case 4:
                        reader.GetFieldValue<DateOnly>(i).TryFormat(buffer, out length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        writer.WriteField(buffer.AsSpan(0, length));
                        break;
                    case 7:
                        writer.WriteField(reader.GetBoolean(i) ? "True" : "False");
                        break;
                    case 8 or 9:
                        // Whole seconds, or a fraction without trailing zeros, as the exporter writes.
                        reader.GetDateTime(i).TryFormat(buffer, out length, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                        writer.WriteField(buffer.AsSpan(0, length));
                        break;
                    default:
                        writer.WriteField(reader.GetString(i));
                        break;
                }
            }

            await writer.EndRowAsync();
            rows++;
        }

        writer.EndTable();
        await writer.WriteEndAsync();
        return rows;
    }
}
