using System.Text;
using CsvHelper;

namespace Sahana.Sync.Csv;

/// <summary>
/// Writes a sync file in the web2py DAL CSV format, byte for byte as pydal's <c>db.export_to_csv_file</c>
/// does: UTF-8 without a byte order mark; per table a <c>TABLE name</c> line, a header of
/// <c>table.column</c> names, one line per row and two empty lines, or for a table without rows the
/// <c>TABLE</c> line and the two empty lines alone; then <c>END</c> without a line break.
/// Lines end with CRLF, fields are quoted only when they contain a comma, a quote, CR or LF (quotes inside
/// doubled), and null is <c>&lt;NULL&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// Use: <see cref="StartTable"/>; for each row, one <see cref="WriteField(string)"/> or
/// <see cref="WriteNull"/> per column then <see cref="EndRowAsync"/>; <see cref="EndTable"/>; after the
/// last table, <see cref="WriteEndAsync"/>. Memory stays flat whatever the number of rows:
/// <see cref="EndRowAsync"/> hands the buffered output to the stream asynchronously once about 32 KiB have
/// gathered, and completes synchronously otherwise.
/// </para>
/// <para>
/// One deviation from pydal: a string that is exactly <c>&lt;NULL&gt;</c> is written quoted, so that this
/// library reads it back as that string rather than as null. pydal reads both forms as null, which is
/// what it would have made of its own unquoted output anyway.
/// </para>
/// <para>
/// Disposing does not write what is still buffered: a file whose export failed half way has no
/// <c>END</c> and is rejected as truncated when read.
/// </para>
/// </remarks>
internal sealed class Web2pyCsvWriter : IAsyncDisposable
{
    private const int FlushThreshold = 32 * 1024;

    // CsvHelper quotes the fields of rows exactly like Python's csv.QUOTE_MINIMAL, including "" for a row
    // of one empty field. It cannot write the framing, though: an empty line (its record of one empty
    // field is ""), or a last line without a line break (END). So it writes into this buffer, the framing
    // bytes are appended to the same buffer between its records, and the buffer goes to the caller's
    // stream asynchronously; CsvHelper never touches the stream itself.
    private readonly MemoryStream _pending = new(2 * FlushThreshold);
    private readonly CsvWriter _csv;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private string _table = "";
    private IReadOnlyList<string> _columns = [];
    private int _columnCount = -1;
    private int _fieldCount;
    private bool _headerDue;
    private bool _ended;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="Web2pyCsvWriter"/> class.</summary>
    /// <param name="stream">The stream to write to, from its current position.</param>
    /// <param name="leaveOpen"><see langword="true"/> to leave <paramref name="stream"/> open when this writer is disposed.</param>
    public Web2pyCsvWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _csv = CsvWriter.Create(
            _pending,
            new CsvWriterOptions
            {
                Mode = CsvMode.Rfc4180,
                Separator = ',',
                Quoting = CsvQuoting.WhenNeeded,
                NewLine = "\r\n",
                Injection = CsvInjection.None,
                WriteByteOrderMark = false,

                // The TABLE line, the header and the rows of different tables have different field
                // counts; this writer checks each row against its own header instead.
                ValidateFieldCount = false,
            },
            leaveOpen: true);
    }

    /// <summary>Gets the number of rows written so far, in all tables.</summary>
    public long RowCount { get; private set; }

    /// <summary>Starts a table's section: writes the <c>TABLE</c> line; the header follows with the first row.</summary>
    /// <param name="table">The table's name, as web2py knows it.</param>
    /// <param name="columns">The columns, in the order the rows give their fields; without the <c>table.</c> prefix.</param>
    /// <exception cref="ArgumentException">The name has whitespace, a comma or a quote, or a column is empty or repeated.</exception>
    /// <exception cref="InvalidOperationException">A table is still open, or the file has ended.</exception>
    public void StartTable(string table, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ThrowIfDisposed();
        if (_columnCount >= 0 || _ended)
        {
            throw new InvalidOperationException(_ended
                ? "The file has ended; no table can start after END."
                : "The previous table has not ended; call EndTable first.");
        }

        if (!Web2pyCsvFormat.IsValidTableName(table))
        {
            throw new ArgumentException($"'{table}' cannot be a table name: it must not be empty or hold whitespace, commas or quotes.", nameof(table));
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException($"Table '{table}' needs at least one column.", nameof(columns));
        }

        var seen = new HashSet<string>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (string.IsNullOrEmpty(column) || !seen.Add(column))
            {
                throw new ArgumentException($"Table '{table}' has an empty or repeated column '{column}'.", nameof(columns));
            }
        }

        // The TABLE line is written as it is: pydal does not quote it, and the name check above keeps it
        // from needing quotes.
        _csv.Flush();
        AppendPending(Web2pyCsvFormat.TableLinePrefixUtf8);
        AppendPending(Encoding.UTF8.GetBytes(table));
        AppendPending(Web2pyCsvFormat.NewLineUtf8);
        _headerDue = true;
        _table = table;
        _columns = [.. columns];
        _columnCount = columns.Count;
        _fieldCount = 0;
    }

    /// <summary>Writes the next field of the current row.</summary>
    /// <param name="text">The value's text; <see langword="null"/> for a null value.</param>
    /// <exception cref="InvalidOperationException">No table is open, or the row already has a field for every column.</exception>
    public void WriteField(string? text)
    {
        if (text is null)
        {
            WriteNull();
        }
        else
        {
            WriteField(text.AsSpan());
        }
    }

    /// <summary>Writes the next field of the current row from text that is not null.</summary>
    /// <param name="text">The value's text.</param>
    /// <exception cref="InvalidOperationException">No table is open, or the row already has a field for every column.</exception>
    /// <exception cref="SyncFormatException">The text holds a NUL character.</exception>
    public void WriteField(ReadOnlySpan<char> text)
    {
        BeginField();
        if (text.Contains('\0'))
        {
            // SQLite keeps a NUL inside text; a file with one would be refused by every reader, this one too.
            throw new SyncFormatException(_table, null, _columns[_fieldCount - 1], "text with a NUL character (U+0000) cannot be written to a sync file");
        }

        if (text.SequenceEqual(Web2pyCsvFormat.NullText))
        {
            _csv.WriteField(text, CsvQuoting.Always);
        }
        else
        {
            _csv.WriteField(text);
        }
    }

    /// <summary>Writes a null value as the next field of the current row.</summary>
    /// <exception cref="InvalidOperationException">No table is open, or the row already has a field for every column.</exception>
    public void WriteNull()
    {
        BeginField();
        _csv.WriteField(Web2pyCsvFormat.NullUtf8);
    }

    /// <summary>
    /// Ends the current row. Completes synchronously unless enough output has gathered to go to the
    /// stream, which it then writes asynchronously.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel writing to the stream.</param>
    /// <returns>A task that completes when the row is buffered and, if due, written out.</returns>
    /// <exception cref="InvalidOperationException">The row does not have a field for every column.</exception>
    public ValueTask EndRowAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_columnCount < 0 || _fieldCount != _columnCount)
        {
            throw new InvalidOperationException(_columnCount < 0
                ? "No table has started; call StartTable first."
                : $"The row has {_fieldCount} fields but the table has {_columnCount} columns.");
        }

        _csv.EndRecord();
        _fieldCount = 0;
        RowCount++;
        return _pending.Length >= FlushThreshold ? WritePendingAsync(cancellationToken) : default;
    }

    /// <summary>Ends the current table's section with the two empty lines pydal writes.</summary>
    /// <exception cref="InvalidOperationException">No table is open, or a row has not ended.</exception>
    public void EndTable()
    {
        ThrowIfDisposed();
        if (_columnCount < 0 || _fieldCount != 0)
        {
            throw new InvalidOperationException(_columnCount < 0
                ? "No table has started; call StartTable first."
                : "The current row has not ended; call EndRowAsync first.");
        }

        _csv.Flush();
        AppendPending("\r\n\r\n"u8);
        _headerDue = false;
        _columnCount = -1;
    }

    /// <summary>Writes <c>END</c>, which closes the file, and flushes everything to the stream.</summary>
    /// <param name="cancellationToken">A token to cancel writing to the stream.</param>
    /// <returns>A task that completes when the stream has been flushed.</returns>
    /// <exception cref="InvalidOperationException">A table is still open, or <c>END</c> has been written already.</exception>
    public async ValueTask WriteEndAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_columnCount >= 0 || _ended)
        {
            throw new InvalidOperationException(_ended ? "END has been written already." : "The last table has not ended; call EndTable first.");
        }

        _csv.Flush();
        AppendPending(Web2pyCsvFormat.EndUtf8);
        _ended = true;
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes everything buffered to the stream, an unfinished row included, and flushes the stream.</summary>
    /// <param name="cancellationToken">A token to cancel writing to the stream.</param>
    /// <returns>A task that completes when the stream has been flushed.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _csv.Flush();
        await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the buffers, and disposes the stream unless it was to be left open. Buffered output is dropped.</summary>
    /// <returns>A task that completes when the stream, if owned, has been disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _csv.DisposeAsync().ConfigureAwait(false);
        await _pending.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void BeginField()
    {
        ThrowIfDisposed();
        if (_columnCount < 0)
        {
            throw new InvalidOperationException("No table has started; call StartTable first.");
        }

        if (_fieldCount == _columnCount)
        {
            throw new InvalidOperationException($"The row already has a field for each of the table's {_columnCount} columns; call EndRowAsync.");
        }

        if (_headerDue)
        {
            // The header waits for the first row: pydal writes an empty table without one.
            _headerDue = false;
            foreach (var column in _columns)
            {
                _csv.WriteField(string.Concat(_table, ".", column));
            }

            _csv.EndRecord();
        }

        _fieldCount++;
    }

    private void AppendPending(ReadOnlySpan<byte> bytes) => _pending.Write(bytes);

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await _stream.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken).ConfigureAwait(false);
        _pending.SetLength(0);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
