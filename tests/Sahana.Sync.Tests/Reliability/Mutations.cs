using System.Text;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Breaks a web2py CSV file the ways files break on a memory stick, in a mail gateway or in an attacker's
/// hands: one to three mutations per case, chosen by a seeded <see cref="Random"/> so that a seed and the
/// description it returns reproduce the case.
/// </summary>
public static class Mutations
{
    /// <summary>Names of the mutations, as counted in the fuzzer's figures.</summary>
    public static readonly string[] Kinds =
    [
        "truncate", "flip bytes", "invalid UTF-8", "NUL byte", "stray quote", "line ends",
        "drop column", "duplicate column", "swap columns", "swap header names", "drop field", "extra field",
        "drop line", "duplicate row", "swap rows", "huge field", "SQL-looking name", "SQL-looking value", "bad value",
    ];

    private static readonly string[] SqlNames =
    [
        "pr_person; DROP TABLE pr_person; --", "pr_person\"; DELETE FROM pr_person; --", "x') OR 1=1 --",
        "org_organisation WHERE 1=1", "sqlite_master", "pg_catalog.pg_class", "\"pr_person\"", "pr_person --",
    ];

    private static readonly string[] SqlValues =
    [
        "'); DROP TABLE pr_person; --", "1; DELETE FROM org_organisation", "' OR '1'='1", "\"\"\"; --", "$$; DROP TABLE cr_shelter; $$",
    ];

    private static readonly string[] BadValues =
    [
        "", "<NULL>", "abc", "99999999999999999999", "-1", "2026-13-45 25:61:00", "NaN", "1e309", "T", "urn:uuid:", "<null>",
        "2009-12-26 07:03:47.12345678", "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", " ", "\u00e9\u0301",
    ];

    /// <summary>Mutates a copy of <paramref name="file"/>; returns it with what was done and the kinds applied.</summary>
    public static (byte[] File, string Description, List<string> Applied) Apply(byte[] file, Random random, int hugeFieldLimit)
    {
        var applied = new List<string>();
        var description = new List<string>();
        var count = random.Next(1, 4);
        var text = Encoding.UTF8.GetString(file);
        var kinds = Enumerable.Range(0, count).Select(_ => Kinds[random.Next(Kinds.Length)]).ToList();

        // Structural mutations work on the text of a valid file; byte mutations come after them.
        foreach (var kind in kinds.Where(k => !IsByteLevel(k)))
        {
            text = MutateText(kind, text, random, hugeFieldLimit, description);
            applied.Add(kind);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var kind in kinds.Where(IsByteLevel))
        {
            bytes = MutateBytes(kind, bytes, random, description);
            applied.Add(kind);
        }

        return (bytes, string.Join("; ", description), applied);
    }

    private static bool IsByteLevel(string kind) => kind is "truncate" or "flip bytes" or "invalid UTF-8" or "NUL byte" or "stray quote";

    private static byte[] MutateBytes(string kind, byte[] bytes, Random random, List<string> description)
    {
        var at = random.Next(bytes.Length + 1);
        switch (kind)
        {
            case "truncate":
                description.Add($"truncate at byte {at}");
                return bytes[..at];
            case "flip bytes":
                var copy = (byte[])bytes.Clone();
                var flips = random.Next(1, 5);
                for (var i = 0; i < flips && copy.Length > 0; i++)
                {
                    var position = random.Next(copy.Length);
                    var bit = (byte)(1 << random.Next(8));
                    copy[position] ^= bit;
                    description.Add($"flip bit {bit:x2} of byte {position}");
                }

                return copy;
            case "invalid UTF-8":
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80]];
                var sequence = invalid[random.Next(invalid.Length)];
                description.Add($"insert {Convert.ToHexString(sequence)} at byte {at}");
                return [.. bytes[..at], .. sequence, .. bytes[at..]];
            case "NUL byte":
                description.Add($"insert NUL at byte {at}");
                return [.. bytes[..at], 0, .. bytes[at..]];
            default:
                description.Add($"insert a quote at byte {at}");
                return [.. bytes[..at], (byte)'"', .. bytes[at..]];
        }
    }

    private static string MutateText(string kind, string text, Random random, int hugeFieldLimit, List<string> description)
    {
        var records = CsvRecords.Split(text);
        var sections = CsvRecords.Sections(records);
        if (sections.Count == 0)
        {
            description.Add($"{kind}: no section left");
            return text;
        }

        var (tableLine, header, firstRow, endRow) = sections[random.Next(sections.Count)];
        var table = records[tableLine][0];
        var columns = records[header].Count;
        var rows = Enumerable.Range(firstRow, endRow - firstRow).ToList();
        var column = random.Next(columns);
        var row = rows.Count > 0 ? rows[random.Next(rows.Count)] : header;
        var field = column % Math.Max(1, records[row].Count);
        if (records[row].Count == 0)
        {
            // An earlier mutation left a row without fields: give it one to break.
            records[row].Add("");
        }

        switch (kind)
        {
            case "line ends":
                var ending = random.Next(3) switch { 0 => "\n", 1 => "\r", _ => "\r\r\n" };
                description.Add($"line ends {Escape(ending)}");
                return text.Replace("\r\n", ending, StringComparison.Ordinal);
            case "drop column":
                description.Add($"{table}: drop column {records[header][column]}");
                ForEachRecord(records, header, endRow, r => r.RemoveAt(column));
                break;
            case "duplicate column":
                description.Add($"{table}: duplicate column {records[header][column]}");
                ForEachRecord(records, header, endRow, r => r.Insert(column, r[column]));
                break;
            case "swap columns":
            case "swap header names":
                var other = random.Next(columns);
                description.Add($"{table}: {kind} {records[header][column]} and {records[header][other]}");
                ForEachRecord(records, header, kind == "swap columns" ? endRow : header + 1, r => (r[column], r[other]) = (r[other], r[column]));
                break;
            case "drop field":
                description.Add($"{table} record {row}: drop field {field}");
                records[row].RemoveAt(field);
                break;
            case "extra field":
                description.Add($"{table} record {row}: extra field");
                records[row].Add("extra");
                break;
            case "drop line":
                var dropped = random.Next(records.Count);
                description.Add($"drop record {dropped} ({Escape(string.Join(",", records[dropped]))[..Math.Min(40, string.Join(",", records[dropped]).Length)]})");
                records.RemoveAt(dropped);
                break;
            case "duplicate row":
                description.Add($"{table}: duplicate record {row}");
                records.Insert(row, [.. records[row]]);
                break;
            case "swap rows":
                var second = rows.Count > 0 ? rows[random.Next(rows.Count)] : header;
                description.Add($"{table}: swap records {row} and {second}");
                (records[row], records[second]) = (records[second], records[row]);
                break;
            case "huge field":
                var length = random.Next(3) switch { 0 => hugeFieldLimit - 1, 1 => hugeFieldLimit + 1, _ => hugeFieldLimit * 3 };
                var quoted = random.Next(2) == 0;
                description.Add($"{table} record {row} field {field}: {length} {(quoted ? "quoted " : "")}characters");
                records[row][field] = quoted ? "\"" + new string('x', length / 2) + "\r\n,\"\"" + new string('y', length - (length / 2)) + "\"" : new string('z', length);
                break;
            case "SQL-looking name":
                var name = SqlNames[random.Next(SqlNames.Length)];
                if (random.Next(2) == 0)
                {
                    description.Add($"TABLE {table} renamed '{name}'");
                    records[tableLine][0] = "TABLE " + name;
                }
                else
                {
                    description.Add($"{table}: column {records[header][column]} renamed '{name}'");
                    records[header][column] = random.Next(2) == 0 ? table["TABLE ".Length..] + "." + name : Quote(name);
                }

                break;
            case "SQL-looking value":
                var value = SqlValues[random.Next(SqlValues.Length)];
                description.Add($"{table} record {row} field {field} = '{value}'");
                records[row][field] = Quote(value);
                break;
            default:
                var bad = BadValues[random.Next(BadValues.Length)];
                description.Add($"{table} record {row} field {field} = '{bad}'");
                records[row][field] = Quote(bad);
                break;
        }

        return CsvRecords.Join(records);
    }

    private static void ForEachRecord(List<List<string>> records, int from, int to, Action<List<string>> change)
    {
        for (var i = from; i < to; i++)
        {
            if (records[i].Count > 0 && change is not null)
            {
                try
                {
                    change(records[i]);
                }
                catch (ArgumentOutOfRangeException)
                {
                    // A row shorter than the header (an earlier mutation): leave it short.
                }
            }
        }
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Escape(string value) => value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
