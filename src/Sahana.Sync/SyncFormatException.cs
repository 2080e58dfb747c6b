using System.Globalization;
using System.Text;

namespace Sahana.Sync;

/// <summary>
/// Thrown when a sync file breaks the web2py CSV format, or holds a value that does not fit its column.
/// The message says where, as far as it is known: the line of the file, the table and the column, then
/// what was expected, for example
/// <c>Line 42 of table 'pr_person', column 'gender': expected an integer, found 'abc'.</c>
/// </summary>
/// <remarks>
/// Lines are the physical lines of the file, counted from 1: a value with a line break inside its quotes
/// makes its row span several lines, and a row is reported at the line where it starts.
/// </remarks>
public class SyncFormatException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncFormatException"/> class.</summary>
    public SyncFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncFormatException"/> class with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public SyncFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncFormatException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="SyncFormatException"/> class for a problem at a place in
    /// the file; the message is built from the place and the problem.
    /// </summary>
    /// <param name="table">The table whose section holds the problem, or <see langword="null"/> when outside any section.</param>
    /// <param name="line">The 1-based line of the file, or <see langword="null"/> when not known.</param>
    /// <param name="column">The column, or <see langword="null"/> when the problem is not in one column.</param>
    /// <param name="problem">What was expected and found, such as <c>expected an integer, found 'abc'</c>.</param>
    public SyncFormatException(string? table, long? line, string? column, string problem)
        : this(table, line, column, problem, null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="SyncFormatException"/> class for a problem at a place in
    /// the file, with its cause; the message is built from the place and the problem.
    /// </summary>
    /// <param name="table">The table whose section holds the problem, or <see langword="null"/> when outside any section.</param>
    /// <param name="line">The 1-based line of the file, or <see langword="null"/> when not known.</param>
    /// <param name="column">The column, or <see langword="null"/> when the problem is not in one column.</param>
    /// <param name="problem">What was expected and found, such as <c>expected an integer, found 'abc'</c>.</param>
    /// <param name="innerException">The exception that caused this one, such as the parser's.</param>
    public SyncFormatException(string? table, long? line, string? column, string problem, Exception? innerException)
        : base(Describe(table, line, column, problem), innerException)
    {
        Table = table;
        Line = line;
        Column = column;
    }

    /// <summary>Gets the table whose section holds the problem, or <see langword="null"/> when not known.</summary>
    public string? Table { get; }

    /// <summary>Gets the 1-based physical line of the file where the problem is, or <see langword="null"/> when not known.</summary>
    public long? Line { get; }

    /// <summary>Gets the column that holds the problem, or <see langword="null"/> when not known.</summary>
    public string? Column { get; }

    private static string Describe(string? table, long? line, string? column, string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var text = new StringBuilder();
        if (line is { } number)
        {
            text.Append(CultureInfo.InvariantCulture, $"Line {number}");
            if (table is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" of table '{table}'");
            }
        }
        else if (table is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Table '{table}'");
        }

        if (column is not null)
        {
            text.Append(text.Length == 0 ? "Column '" : ", column '").Append(column).Append('\'');
        }

        if (text.Length == 0)
        {
            // Without a place, the problem is the whole sentence.
            text.Append(problem.Length > 0 ? char.ToUpperInvariant(problem[0]) + problem[1..] : problem);
        }
        else
        {
            text.Append(": ").Append(problem);
        }

        if (text.Length > 0 && text[^1] is not ('.' or '?' or '!'))
        {
            text.Append('.');
        }

        return text.ToString();
    }
}
