using System.Text;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Just enough CSV for the mutations: a file as records of raw fields (quotes kept), split on commas and
/// line ends outside quotes, and the sections (TABLE line, header, rows) found in them.
/// </summary>
public static class CsvRecords
{
    public static List<List<string>> Split(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
                field.Append(c);
            }
            else if (!quoted && c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (!quoted && (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')))
            {
                i += c == '\r' ? 1 : 0;
                record.Add(field.ToString());
                field.Clear();
                records.Add(record.Count == 1 && record[0].Length == 0 ? [] : record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    public static string Join(List<List<string>> records) => string.Join("\r\n", records.Select(r => string.Join(",", r)));

    /// <summary>Each section: the index of its TABLE record, of its header, of its first row, and one past its last row.</summary>
    public static List<(int Table, int Header, int FirstRow, int End)> Sections(List<List<string>> records)
    {
        var sections = new List<(int, int, int, int)>();
        for (var i = 0; i + 1 < records.Count; i++)
        {
            if (records[i] is [var line] && line.StartsWith("TABLE ", StringComparison.Ordinal) && records[i + 1].Count > 0)
            {
                var end = i + 2;
                while (end < records.Count && records[end].Count > 0)
                {
                    end++;
                }

                sections.Add((i, i + 1, i + 2, end));
            }
        }

        return sections;
    }
}
