using System.Globalization;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Files of more than 10 MB built to make one path of the import do the most work per byte, as the lines of a
/// <see cref="GeneratedFileStream"/>. All are for the <c>team</c> table of <c>FieldContext</c>; stamps are before
/// the test hosts' clock (2026-11-26 09:00).
/// </summary>
public static class HostileFiles
{
    public const string Header = "team.id,team.name,team.uuid,team.deleted,team.modified_on";

    public const string Stamp = "2026-11-26 08:00:00";

    public const int Versions = 400_000;

    public const int Sections = 40_000;

    public const int Conflicts = 100_000;

    public const int Columns = 600_000;

    /// <summary>The name of the version the tie rule keeps among <see cref="OneUuidTied"/>'s: the greatest.</summary>
    public const string TiedWinner = "version 399999 of the same uuid";

    /// <summary>
    /// One uuid in <see cref="Versions"/> versions with one stamp, which only the tie rule orders; the winner,
    /// the greatest name, comes in the middle of the file.
    /// </summary>
    public static IEnumerable<string> OneUuidTied()
    {
        yield return "TABLE team";
        yield return Header;
        for (var i = 0; i < Versions; i++)
        {
            // 7,919 is prime to 400,000: every name once, in an order that puts the greatest nowhere special.
            var name = string.Create(CultureInfo.InvariantCulture, $"version {(long)i * 7_919 % Versions:D6} of the same uuid");
            yield return string.Create(CultureInfo.InvariantCulture, $"{i + 1},{name},the-one-uuid,False,{Stamp}");
        }

        yield return string.Empty;
        yield return "END";
    }

    /// <summary><see cref="Sections"/> sections of tables this database does not have, five rows each, then one team.</summary>
    public static IEnumerable<string> UnknownSections()
    {
        for (var i = 0; i < Sections; i++)
        {
            var table = string.Create(CultureInfo.InvariantCulture, $"unknown_table_{i:D5}");
            yield return "TABLE " + table;
            yield return $"{table}.id,{table}.name,{table}.uuid";
            for (var row = 0; row < 5; row++)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{row},a name nobody here will read,{i}-{row}");
            }

            yield return string.Empty;
        }

        yield return "TABLE team";
        yield return Header;
        yield return $"1,the one team,team-after-the-unknown,False,{Stamp}";
        yield return string.Empty;
        yield return "END";
    }

    /// <summary><see cref="Conflicts"/> teams, as one site holds them or, with <paramref name="edited"/>, as another changed them later.</summary>
    public static IEnumerable<string> Teams(bool edited)
    {
        yield return "TABLE team";
        yield return Header;
        var stamp = edited ? "2026-11-26 08:30:00" : Stamp;
        var name = edited ? "renamed at the other site with a longer name to make the file larger than ten megabytes" : "team";
        for (var i = 0; i < Conflicts; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{i + 1},{name} {i},team-{i:D6},False,{stamp}");
        }

        yield return string.Empty;
        yield return "END";
    }

    /// <summary>A team section whose header adds <see cref="Columns"/> columns this database does not have, and <paramref name="rows"/> rows.</summary>
    public static IEnumerable<string> UnknownColumns(int rows)
    {
        yield return "TABLE team";
        yield return Header + string.Concat(Enumerable.Range(0, Columns).Select(i => string.Create(CultureInfo.InvariantCulture, $",team.x{i}")));
        var empty = new string(',', Columns);
        for (var i = 0; i < rows; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{i + 1},team {i},wide-{i},False,{Stamp}") + empty;
        }

        yield return string.Empty;
        yield return "END";
    }
}
