using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Sahana.Sync.Csv;

/// <summary>
/// Reads a sync file in the web2py DAL CSV format as a stream of records, checking it as it goes.
/// </summary>
/// <remarks>
/// <para>
/// A pull reader, so that the importer allocates nothing per row but the row itself: call
/// <see cref="ReadAsync"/> until it returns <see cref="Web2pyCsvRecordKind.End"/>. It returns
/// <see cref="Web2pyCsvRecordKind.Table"/> at the start of each table's section (the sections may come in
/// any order; <see cref="Table"/> and <see cref="Columns"/> then describe it), then
/// <see cref="Web2pyCsvRecordKind.Row"/> for each of its rows (the fields in <see cref="Fields"/>, null
/// for <c>&lt;NULL&gt;</c>), and finally <see cref="Web2pyCsvRecordKind.End"/> once <c>END</c> has been
/// read and nothing but whitespace follows it. <see cref="Line"/> is the 1-based physical line where the
/// record starts, counting the lines inside quoted values.
/// </para>
/// <para>
/// Accepted: CRLF or LF line breaks; a UTF-8 byte order mark (a UTF-16 or UTF-32 one is honoured too, the
/// text being transcoded); line breaks inside quoted values; any number of empty or blank lines between
/// sections, also none, and spaces around a <c>TABLE</c> or <c>END</c> line there, as pydal strips them; an
/// empty table as pydal writes it, its <c>TABLE</c> line followed by an empty line and no header (a
/// <see cref="Web2pyCsvRecordKind.Table"/> record with no <see cref="Columns"/>, and no rows); and line
/// breaks or whitespace after <c>END</c>, and a signed file's <c>SIGNATURE</c> line right after <c>END</c>'s.
/// Without an empty line, a <c>TABLE</c> or
/// <c>END</c> line after a row ends the section only when the table has more than one column, since for a
/// single column it is a valid row.
/// </para>
/// <para>
/// Rejected with a <see cref="SyncFormatException"/> that names the line and, where it applies, the table
/// and column: a file without <c>END</c> (truncated); anything but whitespace after <c>END</c>; a line that
/// is neither <c>TABLE name</c> nor <c>END</c> where a section must start (such as a row before the first
/// <c>TABLE</c> line); a <c>TABLE</c> line without a valid name, or for a table already read; an empty
/// header, a header field without the <c>table.</c> prefix or with an empty column name, a column twice; a
/// row whose field count differs from the header's (a short row that ends the input, where the file was
/// cut, is said to be truncated too); broken quoting (a quote inside an unquoted field, text after a
/// closing quote, a quote never closed); invalid UTF-8; NUL bytes; and a field or record longer than
/// <see cref="MaxFieldLength"/> or <see cref="MaxRecordLength"/>, which keep memory bounded whatever the
/// file.
/// </para>
/// </remarks>
internal sealed class Web2pyCsvReader : IAsyncDisposable
{
    /// <summary>The default of <see cref="MaxFieldLength"/>: 1 MiB of UTF-8.</summary>
    public const int DefaultMaxFieldLength = 1024 * 1024;

    /// <summary>The default of <see cref="MaxRecordLength"/>: 4 MiB of UTF-8.</summary>
    public const int DefaultMaxRecordLength = 4 * 1024 * 1024;

    // What ProcessRecord decided about the record CsvHelper has just read.
    private const int Skip = -1;

    // CsvHelper splits the records, unquotes the fields, counts the physical lines and finds broken
    // quoting; what makes this format more than one CSV table (the TABLE line, the header per section,
    // the empty lines that end a section, END) is done here around it, from the raw bytes of each record.
    private readonly CsvReader _csv;
    private readonly HashSet<string> _tablesRead = new(StringComparer.Ordinal);
    private CsvMalformedRecord? _malformed;
    private string[] _columns = [];
    private bool _expectingHeader;
    private bool _inSection;
    private bool _afterEnd;
    private long _tableLine;
    private long _endLine;

    // The line after the last record read, where a truncated file is missing its END.
    private long _nextLine = 1;

    // A row with too few fields, refused once the next record shows whether the file was cut there.
    private (long Line, string Problem)? _shortRow;

    /// <summary>Initializes a new instance of the <see cref="Web2pyCsvReader"/> class.</summary>
    /// <param name="stream">The stream to read, from its current position; it need not be seekable.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when this reader is disposed.</param>
    /// <param name="maxFieldLength">The longest value accepted, in bytes of UTF-8 after unquoting.</param>
    /// <param name="maxRecordLength">The longest record accepted, in bytes of UTF-8 as in the file, quotes and line breaks inside quotes included.</param>
    public Web2pyCsvReader(Stream stream, bool leaveOpen = false, int maxFieldLength = DefaultMaxFieldLength, int maxRecordLength = DefaultMaxRecordLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFieldLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordLength, 1);
        MaxFieldLength = maxFieldLength;
        MaxRecordLength = maxRecordLength;
        _csv = CsvReader.Create(
            stream,
            new CsvReaderOptions
            {
                Mode = CsvMode.Rfc4180,
                Separator = ',',
                HasHeader = false,
                DetectSeparatorHint = false,
                SkipEmptyLines = false,
                TrimWhitespace = false,
                AllowLineBreaksInQuotes = true,
                TrackLineNumbers = true,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
                MissingField = CsvMissingFieldHandling.Throw,

                // Skip-and-report rather than throw gives the reason as a value, not as a message to parse.
                MalformedData = CsvMalformedDataHandling.Skip,
                OnMalformedRecord = record => _malformed ??= record,

                // CsvHelper stops growing its buffer here, so an unclosed quote cannot take the whole file
                // into memory; the exact limit is checked on every record below.
                MaxRecordSize = maxRecordLength,
            },
            leaveOpen);
    }

    /// <summary>Gets the longest value accepted, in bytes of UTF-8 after unquoting.</summary>
    public int MaxFieldLength { get; }

    /// <summary>Gets the longest record accepted, in bytes of UTF-8 as in the file.</summary>
    public int MaxRecordLength { get; }

    /// <summary>Gets what the last <see cref="ReadAsync"/> read.</summary>
    public Web2pyCsvRecordKind Kind { get; private set; }

    /// <summary>Gets the table of the current section, or <see langword="null"/> before the first one.</summary>
    public string? Table { get; private set; }

    /// <summary>Gets the current section's columns, in the order of the fields, without the <c>table.</c> prefix.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>
    /// Gets the fields of the current row, one per column, <see langword="null"/> for <c>&lt;NULL&gt;</c>;
    /// empty unless <see cref="Kind"/> is <see cref="Web2pyCsvRecordKind.Row"/>. A new array for every
    /// row, which the caller may keep.
    /// </summary>
    public string?[] Fields { get; private set; } = [];

    /// <summary>
    /// Gets the 1-based physical line where the current record starts: the <c>TABLE</c> line for
    /// <see cref="Web2pyCsvRecordKind.Table"/>, the <c>END</c> line for <see cref="Web2pyCsvRecordKind.End"/>.
    /// </summary>
    public long Line { get; private set; }

    /// <summary>Reads the next record: a table's start, a row, or the end of the file.</summary>
    /// <param name="cancellationToken">A token to cancel reading from the stream.</param>
    /// <returns>What was read; its content is in <see cref="Table"/>, <see cref="Columns"/>, <see cref="Fields"/> and <see cref="Line"/>.</returns>
    /// <exception cref="SyncFormatException">The file breaks the format at this point.</exception>
    public ValueTask<Web2pyCsvRecordKind> ReadAsync(CancellationToken cancellationToken = default)
    {
        // Most records are already in CsvHelper's buffer: this loop handles them without an async state
        // machine, and hands over to ReadSlowAsync only when the stream has to be read.
        while (Kind != Web2pyCsvRecordKind.End)
        {
            ValueTask<bool> next;
            try
            {
                next = _csv.ReadAsync(cancellationToken);
            }
            catch (CsvFormatException e)
            {
                throw RecordTooLong(e);
            }

            if (!next.IsCompletedSuccessfully)
            {
                return ReadSlowAsync(next, cancellationToken);
            }

            var kind = ProcessRecord(next.Result);
            if (kind != Skip)
            {
                return new((Web2pyCsvRecordKind)kind);
            }
        }

        return new(Web2pyCsvRecordKind.End);
    }

    /// <summary>Releases the buffers, and disposes the stream unless it was to be left open.</summary>
    /// <returns>A task that completes when the stream, if owned, has been disposed.</returns>
    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private static int CountLineBreaks(ReadOnlySpan<byte> raw)
    {
        var count = 0;
        var at = raw.IndexOfAny((byte)'\r', (byte)'\n');
        while (at >= 0)
        {
            count++;
            at += raw[at] == '\r' && at + 1 < raw.Length && raw[at + 1] == '\n' ? 2 : 1;
            var next = raw[at..].IndexOfAny((byte)'\r', (byte)'\n');
            at = next < 0 ? -1 : at + next;
        }

        return count;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> raw) => raw.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private static string Shorten(ReadOnlySpan<byte> raw)
    {
        const int Limit = 60;
        var text = Encoding.UTF8.GetString(raw.Length > Limit * 4 ? raw[..(Limit * 4)] : raw);
        return text.Length > Limit ? string.Concat(text.AsSpan(0, Limit), "…") : text;
    }

    private async ValueTask<Web2pyCsvRecordKind> ReadSlowAsync(ValueTask<bool> next, CancellationToken cancellationToken)
    {
        while (true)
        {
            bool read;
            try
            {
                read = await next.ConfigureAwait(false);
            }
            catch (CsvFormatException e)
            {
                throw RecordTooLong(e);
            }

            var kind = ProcessRecord(read);
            if (kind != Skip)
            {
                return (Web2pyCsvRecordKind)kind;
            }

            try
            {
                next = _csv.ReadAsync(cancellationToken);
            }
            catch (CsvFormatException e)
            {
                throw RecordTooLong(e);
            }
        }
    }

    /// <summary>Makes sense of the record CsvHelper has just read, or of the end of the input.</summary>
    /// <returns>The <see cref="Web2pyCsvRecordKind"/> to return, or <see cref="Skip"/> to read on.</returns>
    private int ProcessRecord(bool read)
    {
        if (_shortRow is { } shortRow)
        {
            throw Fail(shortRow.Line, null, read ? shortRow.Problem : $"{shortRow.Problem}; the file ends there without END: it is truncated");
        }

        if (_malformed is { } malformed)
        {
            throw Malformed(malformed);
        }

        if (!read)
        {
            if (!_afterEnd)
            {
                throw Fail(_nextLine, null, "the file ends without END: it is truncated");
            }

            Kind = Web2pyCsvRecordKind.End;
            Table = null;
            _columns = [];
            Fields = [];
            Line = _endLine;
            return (int)Web2pyCsvRecordKind.End;
        }

        var raw = _csv.RawRecord;
        var line = _csv.LineNumber;
        CheckRecord(raw, line);
        _nextLine = line + CountLineBreaks(raw) + 1;

        if (_afterEnd)
        {
            // A signed file's signature line (see Signing.SignatureLine) is the line right after END; the importer
            // checks it, this reader only lets it pass.
            if (line == _endLine + 1 && raw.StartsWith("SIGNATURE "u8))
            {
                return Skip;
            }

            return IsWhitespace(raw) ? Skip : throw Fail(line, null, $"expected nothing but whitespace after END, found '{Shorten(raw)}'");
        }

        if (_expectingHeader)
        {
            ReadHeader(raw, line);
            return (int)Web2pyCsvRecordKind.Table;
        }

        if (_inSection)
        {
            if (raw.IsEmpty)
            {
                _inSection = false;
                return Skip;
            }

            if (!(_columns.Length > 1 && _csv.FieldCount == 1 && IsFramingLine(raw)))
            {
                return ReadRow(line) ? (int)Web2pyCsvRecordKind.Row : Skip;
            }

            _inSection = false;
        }

        // Between sections pydal strips each line: it skips blank ones and reads TABLE and END with spaces around.
        raw = raw.Trim(" \t"u8);
        if (raw.IsEmpty)
        {
            return Skip;
        }

        if (raw.SequenceEqual(Web2pyCsvFormat.EndUtf8))
        {
            _afterEnd = true;
            _endLine = line;
            return Skip;
        }

        if (raw.StartsWith("TABLE"u8) && (raw.Length == 5 || raw[5] == (byte)' '))
        {
            StartSection(raw, line);
            return Skip;
        }

        throw Fail(
            line,
            null,
            Kind == Web2pyCsvRecordKind.None
                ? $"expected a 'TABLE <name>' line before any data, found '{Shorten(raw)}'"
                : $"expected a 'TABLE <name>' line or END after the end of a section, found '{Shorten(raw)}'");
    }

    private static bool IsFramingLine(ReadOnlySpan<byte> raw) =>
        raw.StartsWith(Web2pyCsvFormat.TableLinePrefixUtf8) || raw.SequenceEqual(Web2pyCsvFormat.EndUtf8);

    private void CheckRecord(ReadOnlySpan<byte> raw, long line)
    {
        if (raw.Length > MaxRecordLength)
        {
            throw Fail(line, null, $"the record is longer than {MaxRecordLength} bytes (MaxRecordLength)");
        }

        if (raw.Contains((byte)0))
        {
            throw Fail(line, ColumnOf(field => field.Contains((byte)0)), "a NUL byte is not allowed in the file");
        }

        if (!Utf8.IsValid(raw))
        {
            throw Fail(line, ColumnOf(field => !Utf8.IsValid(field)), "the text is not valid UTF-8");
        }
    }

    /// <summary>Finds the column of the first field that matches, for the message of a problem found in the whole record.</summary>
    private string? ColumnOf(Func<ReadOnlySpan<byte>, bool> problem)
    {
        if (!_inSection || _csv.FieldCount != _columns.Length)
        {
            return null;
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            if (problem(_csv.GetRawSpan(i)))
            {
                return _columns[i];
            }
        }

        return null;
    }

    private void StartSection(ReadOnlySpan<byte> raw, long line)
    {
        var name = raw.Length > 6 ? Encoding.UTF8.GetString(raw[6..]) : string.Empty;
        if (name.Length == 0)
        {
            throw Fail(line, null, "expected a table name after TABLE, found none");
        }

        if (!Web2pyCsvFormat.IsValidTableName(name))
        {
            throw Fail(line, null, $"expected a table name after TABLE, found '{Shorten(raw[6..])}', which has whitespace, a comma or a quote");
        }

        if (!_tablesRead.Add(name))
        {
            throw new SyncFormatException(name, line, null, "the table's section appears a second time in the file");
        }

        Table = name;
        _columns = [];
        Fields = [];
        _tableLine = line;
        _expectingHeader = true;
    }

    private void ReadHeader(ReadOnlySpan<byte> raw, long line)
    {
        if (raw.IsEmpty)
        {
            // pydal writes an empty table as its TABLE line and the two empty lines, with no header, and its
            // reader ends a section at the first empty line: the table has no columns and no rows.
            _columns = [];
            _expectingHeader = false;
            _inSection = false;
            Kind = Web2pyCsvRecordKind.Table;
            Fields = [];
            Line = _tableLine;
            return;
        }

        var table = Table!;
        var count = _csv.FieldCount;
        var columns = new string[count];
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var span = _csv.GetSpan(i);
            if (span.Length > MaxFieldLength)
            {
                throw Fail(line, null, $"a header field is longer than {MaxFieldLength} bytes (MaxFieldLength)");
            }

            var field = Encoding.UTF8.GetString(span);
            if (!field.StartsWith(table, StringComparison.Ordinal) || field.Length <= table.Length || field[table.Length] != '.')
            {
                throw Fail(line, field, $"expected a header field '{table}.<column>', found '{field}'");
            }

            var column = field[(table.Length + 1)..];
            if (column.Length == 0)
            {
                throw Fail(line, null, $"expected a column name after '{table}.', found none");
            }

            if (!seen.Add(column))
            {
                throw Fail(line, column, "the header names the column twice");
            }

            columns[i] = column;
        }

        _columns = columns;
        _expectingHeader = false;
        _inSection = true;
        Kind = Web2pyCsvRecordKind.Table;
        Fields = [];
        Line = _tableLine;
    }

    /// <summary>Reads a row, or defers refusing a short one until the next record says whether the file was cut there.</summary>
    /// <returns><see langword="true"/> when the row was read.</returns>
    private bool ReadRow(long line)
    {
        var count = _csv.FieldCount;
        if (count != _columns.Length)
        {
            var problem = string.Create(CultureInfo.InvariantCulture, $"expected {_columns.Length} fields as in the header, found {count}");
            _shortRow = count < _columns.Length ? (line, problem) : throw Fail(line, null, problem);
            return false;
        }

        var fields = new string?[count];
        for (var i = 0; i < fields.Length; i++)
        {
            var span = _csv.GetSpan(i);
            if (span.Length > MaxFieldLength)
            {
                throw Fail(line, _columns[i], $"the value is longer than {MaxFieldLength} bytes (MaxFieldLength)");
            }

            // pydal writes null as <NULL> without quotes; quoted, it is the string (see Web2pyCsvWriter).
            fields[i] = span.SequenceEqual(Web2pyCsvFormat.NullUtf8) && _csv.GetRawSpan(i)[0] != (byte)'"'
                ? null
                : Encoding.UTF8.GetString(span);
        }

        Kind = Web2pyCsvRecordKind.Row;
        Fields = fields;
        Line = line;
        return true;
    }

    private SyncFormatException Malformed(CsvMalformedRecord record)
    {
        var problem = record.Reason switch
        {
            CsvMalformedReason.StrayQuote => "a quote inside an unquoted field; a field with a quote must be quoted as a whole, its quotes doubled",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field",
            CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed",
            _ => $"the CSV is malformed ({record.Reason})",
        };
        var field = _inSection ? BrokenQuoteField(record.RawRecord) : -1;
        return Fail(record.LineNumber > 0 ? record.LineNumber : _nextLine, field >= 0 && field < _columns.Length ? _columns[field] : null, problem);
    }

    /// <summary>The index of the field where a record's quoting breaks, read as RFC 4180 reads it; -1 if it does not.</summary>
    private static int BrokenQuoteField(ReadOnlySpan<char> raw)
    {
        for (var field = 0; ; field++)
        {
            if (!raw.IsEmpty && raw[0] == '"')
            {
                // A quoted field runs to a quote that is not doubled, and a separator or the end must follow it.
                var at = 1;
                int close;
                while ((close = raw[at..].IndexOf('"')) >= 0 && at + close + 1 < raw.Length && raw[at + close + 1] == '"')
                {
                    at += close + 2;
                }

                if (close < 0 || (at + close + 1 < raw.Length && raw[at + close + 1] != ','))
                {
                    return field;
                }

                raw = raw[(at + close + 1)..];
            }
            else
            {
                var end = raw.IndexOf(',');
                if ((end < 0 ? raw : raw[..end]).Contains('"'))
                {
                    return field;
                }

                raw = end < 0 ? [] : raw[end..];
            }

            if (raw.IsEmpty)
            {
                return -1;
            }

            raw = raw[1..];
        }
    }

    // With malformed quoting skipped and any field count allowed, CsvHelper throws only for a record that
    // outgrows MaxRecordSize: most often a quote that is never closed. A short row before it came first.
    private SyncFormatException RecordTooLong(CsvFormatException e) =>
        _shortRow is { } shortRow
            ? Fail(shortRow.Line, null, shortRow.Problem)
            : Fail(
                e.LineNumber > 0 ? e.LineNumber : _nextLine,
                null,
                $"the record is longer than {MaxRecordLength} bytes (MaxRecordLength); is a quote never closed?",
                e);

    private SyncFormatException Fail(long line, string? column, string problem, Exception? inner = null) =>
        new(_inSection || _expectingHeader ? Table : null, line, column, problem, inner);
}
