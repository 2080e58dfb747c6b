using System.Globalization;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Data;

/// <summary>
/// Sync files of rows shaped like the fixtures' pr_person (a random v4 <c>urn:uuid:</c>, text with commas,
/// quotes and non-Latin script), written straight to disk from a fixed seed so that making them costs the
/// measured process no memory. Row <c>i</c> is the same in every file and every run.
/// </summary>
public static class PersonFiles
{
    public static readonly string[] Columns = ["Id", "FirstName", "LastName", "Gender", "DateOfBirth", "Comments", "Uuid", "Deleted", "CreatedOn", "ModifiedOn"];

    private static readonly string[] Names = ["Saman", "Fatima", "Łukasz", "Ngọc", "O'Brien", "සමන්", "பாத்திமா", "Ana \"Nan\"", "Chen, Li"];
    private static readonly DateTime Start = new(2009, 12, 26, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The uuid of row <paramref name="i"/>: a random-looking v4 in canonical text, as Sahana Eden writes them
    /// (<c>urn:uuid:</c> and 36 lower-case characters). Its last six bytes are <paramref name="i"/> times an odd
    /// number modulo 2^48, so no two rows share one. Until session 7 a hex digit followed the GUID (to tell apart
    /// the few rows whose seeds gave the same bytes), which no sender writes.
    /// </summary>
    public static string Uuid(long i)
    {
        var random = new Random(unchecked((int)(i * 2654435761L)));
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var unique = unchecked((ulong)i * 0x9E3779B97F4BUL);
        for (var b = 15; b >= 10; b--, unique >>= 8)
        {
            bytes[b] = (byte)unique;
        }

        return "urn:uuid:" + new Guid(bytes).ToString("D");
    }

    /// <summary>The fields of version <paramref name="version"/> of row <paramref name="i"/> (version 0 is the original).</summary>
    public static string?[] Row(long i, int version, int secondsLater = 0)
    {
        var random = new Random(unchecked((int)i) ^ (version * 7919));
        var created = Start.AddSeconds(i);
        return
        [
            (i + 1).ToString(CultureInfo.InvariantCulture),
            Names[random.Next(Names.Length)],
            Names[random.Next(Names.Length)],
            random.Next(1, 4).ToString(CultureInfo.InvariantCulture),
            random.Next(5) == 0 ? null : new DateOnly(1940, 1, 1).AddDays(random.Next(30000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            version == 0 ? (random.Next(3) == 0 ? "arrived with 2 children, \"urgent\"" : "needs insulin") : $"edited {version}, moved to shelter {random.Next(40)}",
            Uuid(i),
            random.Next(20) == 0 ? "True" : "False",
            ValueCodecs.For<DateTime>().Format(created),
            ValueCodecs.For<DateTime>().Format(created.AddSeconds(secondsLater)),
        ];
    }

    /// <summary>The first file: rows 0 to n-1, new to the importer.</summary>
    public static Task<string> FirstAsync(int n) => WriteAsync($"first-{n}", Enumerable.Range(0, n).Select(i => Row(i, 0)));

    /// <summary>
    /// The second file: n rows, of which half are versions of rows of the first file (half of those
    /// newer, the other half older) and the rest new rows.
    /// </summary>
    public static Task<string> SecondAsync(int n) => WriteAsync($"second-{n}", Enumerable.Range(0, n).Select(k =>
        k < n / 2
            ? (k % 2 == 0 ? Row(k, 1, secondsLater: 86_400) : Row(k, 1, secondsLater: -3_600))
            : Row(n + k, 0)));

    private static async Task<string> WriteAsync(string name, IEnumerable<string?[]> rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sahana-sync-bench-{name}-v2.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".partial";
        await using (var stream = File.Create(partial))
        await using (var writer = new Web2pyCsvWriter(stream, leaveOpen: false))
        {
            writer.StartTable("pr_person", Columns);
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    if (field is null)
                    {
                        writer.WriteNull();
                    }
                    else
                    {
                        writer.WriteField(field);
                    }
                }

                await writer.EndRowAsync();
            }

            writer.EndTable();
            await writer.WriteEndAsync();
        }

        File.Move(partial, path);
        return path;
    }
}
