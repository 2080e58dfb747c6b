using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// What a database holds, as tests compare it: the synced rows in the shape of expected_merged.json, or
/// every row of every table (ids, sync_instance and local tables included) for "left exactly as it was".
/// </summary>
public static class DatabaseState
{
    /// <summary>{table: {uuid: {column: text}}}: values as file text, references as the referenced row's uuid, ids left out.</summary>
    public static async Task<SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>>> SyncedRowsAsync<TContext>(SyncTestHost<TContext> host)
        where TContext : DbContext
    {
        // A delta from the beginning of time carries every row with the uuid of every reference.
        var text = await ExportAsync(host, new ExportOptions { ModifiedSince = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc), IncludeInstanceSection = false });
        var state = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>>(StringComparer.Ordinal);
        await using var reader = new Web2pyCsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            var table = reader.Table!;
            var rows = state.TryGetValue(table, out var found) ? found : state[table] = new(StringComparer.Ordinal);
            if (kind != Web2pyCsvRecordKind.Row)
            {
                continue;
            }

            var columns = reader.Columns;
            var row = new SortedDictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] == "id" || columns[i].EndsWith("__uuid", StringComparison.Ordinal))
                {
                    continue;
                }

                var carried = IndexOf(columns, columns[i] + "__uuid");
                row[columns[i]] = carried >= 0 && reader.Fields[i] is not null ? reader.Fields[carried] : reader.Fields[i];
            }

            rows.Add(row["uuid"]!, row);
        }

        return state;
    }

    public static SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, string?>>> Expected(string folder, string file = "expected_merged.json")
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, string?>>>>(File.ReadAllText(FixtureLoader.PathOf(folder, file)))!;
        return new(json.ToDictionary(
            t => t.Key,
            t => new SortedDictionary<string, SortedDictionary<string, string?>>(t.Value.ToDictionary(r => r.Key, r => new SortedDictionary<string, string?>(r.Value, StringComparer.Ordinal)), StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>Every row of every table of the model, ids included: equal fingerprints mean the import left the database as it was.</summary>
    public static async Task<string> FingerprintAsync<TContext>(SyncTestHost<TContext> host)
        where TContext : DbContext
        => WithoutSignature(await ExportAsync(host, new ExportOptions { Backup = true }));

    /// <summary>The file without its signature line: an ECDSA signature differs every time, the data does not.</summary>
    public static string WithoutSignature(string file)
        => file.IndexOf("\r\nSIGNATURE ", StringComparison.Ordinal) is var at and >= 0 ? file[..at] : file;

    public static async Task<string> ExportAsync<TContext>(SyncTestHost<TContext> host, ExportOptions? options = null)
        where TContext : DbContext
    {
        await using var scope = host.NewContext();
        using var stream = new MemoryStream();
        await scope.Get<SyncExporter>().ExportAsync(stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
