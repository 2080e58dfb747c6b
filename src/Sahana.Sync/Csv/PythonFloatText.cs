using System.Globalization;

namespace Sahana.Sync.Csv;

/// <summary>
/// Writes floating-point numbers as Python's <c>repr</c> does, which is what pydal writes, and reads both
/// Python's and .NET's forms. Python and .NET both pick the shortest digits that read back as the same
/// number; they differ in layout only (<c>1.0</c> and <c>1e+16</c> against <c>1</c> and <c>1E+16</c>),
/// so the digits come from .NET and the layout follows Python.
/// </summary>
internal static class PythonFloatText
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Gets the text of a double, as Python's <c>repr</c> writes it: <c>0.1</c>, <c>1.0</c>, <c>1e+16</c>, <c>-0.0</c>, <c>inf</c>, <c>nan</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The shortest text that reads back as <paramref name="value"/>.</returns>
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        Span<char> shortest = stackalloc char[32];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        return Layout(shortest[..length]);
    }

    /// <summary>Gets the text of a float, laid out as Python's <c>repr</c> lays out a double, with the float's shortest digits.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The shortest text that reads back as <paramref name="value"/>.</returns>
    public static string Format(float value)
    {
        if (!float.IsFinite(value))
        {
            return float.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        Span<char> shortest = stackalloc char[32];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        return Layout(shortest[..length]);
    }

    /// <summary>Reads a double: a decimal number with an optional exponent, or Python's and .NET's names of infinity and NaN.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value read.</param>
    /// <returns>Whether the text is a number.</returns>
    public static bool TryParse(string text, out double value)
    {
        if (double.TryParse(text, Styles, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        return TryParseSpecial(text, out value);
    }

    /// <summary>Reads a float: see <see cref="TryParse(string, out double)"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value read, the nearest float to the number.</param>
    /// <returns>Whether the text is a number.</returns>
    public static bool TryParse(string text, out float value)
    {
        if (float.TryParse(text, Styles, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var special = TryParseSpecial(text, out var wide);
        value = (float)wide;
        return special;
    }

    private static bool TryParseSpecial(ReadOnlySpan<char> text, out double value)
    {
        // Python writes inf, -inf and nan; float() also takes infinity, a + sign and any case.
        var negative = text.StartsWith('-');
        var body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Lays out .NET's shortest round-trip text of a finite number as Python's <c>repr</c> does.</summary>
    private static string Layout(ReadOnlySpan<char> text)
    {
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var fractionPart = dot < 0 ? [] : text[(dot + 1)..];

        Span<char> all = stackalloc char[40];
        integerPart.CopyTo(all);
        fractionPart.CopyTo(all[integerPart.Length..]);
        ReadOnlySpan<char> digits = all[..(integerPart.Length + fractionPart.Length)];
        var leadingZeros = digits.IndexOfAnyExcept('0');
        if (leadingZeros < 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // The value is 0.d1d2d3... times 10 to the power of point, as in Python's float formatting.
        var point = integerPart.Length + exponent - leadingZeros;
        digits = digits[leadingZeros..].TrimEnd('0');

        Span<char> output = stackalloc char[48];
        var at = 0;
        if (negative)
        {
            output[at++] = '-';
        }

        if (point is <= -4 or > 16)
        {
            output[at++] = digits[0];
            if (digits.Length > 1)
            {
                output[at++] = '.';
                digits[1..].CopyTo(output[at..]);
                at += digits.Length - 1;
            }

            var power = point - 1;
            output[at++] = 'e';
            output[at++] = power < 0 ? '-' : '+';
            power = Math.Abs(power);
            if (power < 10)
            {
                output[at++] = '0';
            }

            power.TryFormat(output[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
        }
        else if (point <= 0)
        {
            output[at++] = '0';
            output[at++] = '.';
            output.Slice(at, -point).Fill('0');
            at += -point;
            digits.CopyTo(output[at..]);
            at += digits.Length;
        }
        else if (point >= digits.Length)
        {
            digits.CopyTo(output[at..]);
            at += digits.Length;
            output.Slice(at, point - digits.Length).Fill('0');
            at += point - digits.Length;
            output[at++] = '.';
            output[at++] = '0';
        }
        else
        {
            digits[..point].CopyTo(output[at..]);
            at += point;
            output[at++] = '.';
            digits[point..].CopyTo(output[at..]);
            at += digits.Length - point;
        }

        return new string(output[..at]);
    }
}
