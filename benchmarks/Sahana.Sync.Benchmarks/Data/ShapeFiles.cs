using System.Globalization;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Data;

/// <summary>
/// The two files of each <see cref="ImportShape"/>, from the same fixed seed as <see cref="PersonFiles"/> (row
/// <c>i</c> has the same values in every shape), written once to <c>/tmp</c>. Row <c>i</c> was created at
/// <see cref="Start"/> + i seconds; a volunteer <c>i</c> belongs to organisation <c>i mod orgs</c>, whose
/// sender-side id is its number + 1 and which was created at <see cref="Start"/> + its number seconds.
/// </summary>
public static class ShapeFiles
{
    public const int MaxOrganisations = 10_000;
    public const string Sender = "bnch";

    public static readonly string[] OrganisationColumns =
        ["Id", "Name", "Acronym", "Uuid", "Deleted", "CreatedOn", "ModifiedOn"];

    public static readonly string[] VolunteerColumns =
    [
        "Id", "FirstName", "LastName", "OrganisationId", "Gender", "DateOfBirth", "Comments", "Uuid", "Deleted",
        "CreatedOn", "ModifiedOn",
    ];

    private static readonly string[] InstanceColumns =
        ["base_uuid", "owner", "contact", "url", "last_update", "sync_count"];

    public static readonly DateTime Start = new(2009, 12, 26, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>The table the shape's N rows go to.</summary>
    public static string Table(ImportShape shape)
        => shape is ImportShape.References or ImportShape.Pydal ? "vol_volunteer" : "pr_person";

    /// <summary>
    /// How many organisations the files of <paramref name="rows"/> rows hold (none for the shapes without references).
    /// </summary>
    public static int Organisations(ImportShape shape, int rows)
        => shape is ImportShape.References or ImportShape.Pydal ? Math.Min(MaxOrganisations, rows) : 0;

    /// <summary>The sender's export timestamp of the first file: after every row in it.</summary>
    public static DateTime FirstExport(int rows) => Start.AddSeconds(rows);

    /// <summary>
    /// When the local edit of row <paramref name="i"/> (<see cref="ImportShape.Conflicts"/>, first half) is stamped:
    /// an hour after the sender's first export plus <paramref name="i"/> seconds, so after what the two sites agreed
    /// on.
    /// </summary>
    public static DateTime LocalEdit(long i, int rows) => Start.AddSeconds(i + rows + 3_600);

    public static string OrganisationUuid(long j) => PersonFiles.Uuid(-1 - j);

    public static Task<string> FirstAsync(ImportShape shape, int rows) => shape switch
    {
        ImportShape.Plain => PersonFiles.FirstAsync(rows),
        _ => WriteAsync(shape, $"first-{rows}", rows, second: false),
    };

    public static Task<string> SecondAsync(ImportShape shape, int rows) => shape switch
    {
        ImportShape.Plain => PersonFiles.SecondAsync(rows),
        _ => WriteAsync(shape, $"second-{rows}", rows, second: true),
    };

    private static string?[] Version(ImportShape shape, int n, int k)
    {
        if (k >= n / 2)
        {
            return PersonFiles.Row(n + k, 0);
        }

        if (shape != ImportShape.Conflicts)
        {
            return k % 2 == 0
                ? PersonFiles.Row(k, 1, secondsLater: 86_400)
                : PersonFiles.Row(k, 1, secondsLater: -3_600);
        }

        // Both stamped after the sender's first export, as the local edit is: the newer half wins over the local
        // edit (an hour after it), the older half loses to it (half an hour before it).
        return PersonFiles.Row(k, 1, secondsLater: n + (k % 2 == 0 ? 7_200 : 1_800));
    }

    private static async Task<string> WriteAsync(ImportShape shape, string name, int n, bool second)
    {
        var path = Path.Combine(
            Path.GetTempPath(), $"sahana-sync-bench-{shape.ToString().ToLowerInvariant()}-{name}-v2.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".partial";
        await using (var stream = File.Create(partial))
        await using (var writer = new Web2pyCsvWriter(stream, leaveOpen: false))
        {
            if (shape != ImportShape.Pydal)
            {
                // After every stamp of its file, as an export's own timestamp is.
                var exported = second ? Start.AddSeconds((2L * n) + 10_000) : FirstExport(n);
                writer.StartTable("sync_instance", InstanceColumns);
                var stamp = ValueCodecs.For<DateTime>().Format(exported);
                await WriteRowAsync(writer, [Sender, "Benchmark sender", null, null, stamp, "0"]);
                writer.EndTable();
            }

            var organisations = Organisations(shape, n);
            if (organisations > 0)
            {
                writer.StartTable("org_organisation", OrganisationColumns);
                for (var j = 0; j < organisations; j++)
                {
                    var created = ValueCodecs.For<DateTime>().Format(Start.AddSeconds(j));
                    var number = j.ToString(CultureInfo.InvariantCulture);
                    var id = (j + 1).ToString(CultureInfo.InvariantCulture);
                    var organisation = "Organisation \"" + number + "\", Galle";
                    await WriteRowAsync(
                        writer, [id, organisation, "O" + number, OrganisationUuid(j), "False", created, created]);
                }

                writer.EndTable();
            }

            writer.StartTable(Table(shape), organisations > 0 ? VolunteerColumns : PersonFiles.Columns);
            for (var k = 0; k < n; k++)
            {
                var row = second ? Version(shape, n, k) : PersonFiles.Row(k, 0);
                if (organisations > 0)
                {
                    var i = second && k >= n / 2 ? n + k : k;
                    row = [.. row[..3], ((i % organisations) + 1).ToString(CultureInfo.InvariantCulture), .. row[3..]];
                }

                await WriteRowAsync(writer, row);
            }

            writer.EndTable();
            await writer.WriteEndAsync();
        }

        File.Move(partial, path);
        return path;
    }

    private static async Task WriteRowAsync(Web2pyCsvWriter writer, string?[] row)
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
}
