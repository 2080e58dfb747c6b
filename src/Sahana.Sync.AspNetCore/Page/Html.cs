using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// Builds markup where every value is encoded on the way in: a table name, a file name or a row value
/// from a hostile file ends up as text, never as markup. Only the page's own literals go in raw.
/// </summary>
internal sealed class Html
{
    // All of Unicode passes through as is: a name in Sinhala or Tamil stays readable in the source, while
    // <, >, &, quotes and control characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _markup = new(16 * 1024);

    /// <summary>Appends the page's own markup, as it is. Never pass a value through here.</summary>
    internal Html Raw(string markup)
    {
        _markup.Append(markup);
        return this;
    }

    /// <summary>Appends a value as text, encoded for element content and quoted attribute values.</summary>
    internal Html Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Encoder.Encode(new StringWriter(_markup, CultureInfo.InvariantCulture), value);
        }

        return this;
    }

    internal Html Number(long value) => Raw(value.ToString("N0", CultureInfo.InvariantCulture));

    internal Html Time(DateTime utc) => Text(FormatTime(utc));

    /// <summary>Appends <c>&lt;tag&gt;text&lt;/tag&gt;</c>, the text encoded.</summary>
    internal Html Element(string tag, string? text) => Raw("<").Raw(tag).Raw(">").Text(text).Raw("</").Raw(tag).Raw(">");

    /// <summary>A table cell holding a count, right-aligned.</summary>
    internal Html NumberCell(long value) => Raw("<td class=\"n\">").Number(value).Raw("</td>");

    internal static string FormatTime(DateTime utc)
        => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public override string ToString() => _markup.ToString();
}
