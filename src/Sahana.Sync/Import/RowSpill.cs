namespace Sahana.Sync.Import;

/// <summary>
/// The file's rows, parked in a temporary file between reading and merging: sections arrive in any order
/// and a uuid may have several versions, so nothing can be written before the whole file has been read.
/// Memory then holds only the uuid index, never whole rows, and the source stream is read once.
/// </summary>
internal sealed class RowSpill : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sahana-sync-" + Path.GetRandomFileName());
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly Lock _randomLock = new();
    private FileStream? _random;
    private bool _reading;

    internal RowSpill()
    {
        _file = new FileStream(
            _path,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.Read,
            bufferSize: 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Gets where the next row goes.</summary>
    internal long Position => _file.Position;

    /// <summary>Parks a row; returns where it starts.</summary>
    internal long Append(long line, string?[] fields)
    {
        var offset = _file.Position;
        _writer.Write7BitEncodedInt64(line);
        _writer.Write7BitEncodedInt(fields.Length);
        foreach (var field in fields)
        {
            _writer.Write(field is not null);
            if (field is not null)
            {
                _writer.Write(field);
            }
        }

        return offset;
    }

    /// <summary>Reads back the rows parked between two positions, in order.</summary>
    internal IEnumerable<SpilledRow> Read(long start, long end)
    {
        StopWriting();

        _file.Position = start;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        while (_file.Position < end)
        {
            var offset = _file.Position;
            var line = reader.Read7BitEncodedInt64();
            var fields = new string?[reader.Read7BitEncodedInt()];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.ReadBoolean() ? reader.ReadString() : null;
            }

            yield return new SpilledRow(offset, line, fields);
        }
    }

    /// <summary>
    /// Reads back the one row parked at <paramref name="offset"/>, beside a sequential <see cref="Read"/> under
    /// way, from either side of the merge's pipeline (hence the lock; it is rare: ties, conflicts, cycles).
    /// </summary>
    internal SpilledRow ReadAt(long offset)
    {
        lock (_randomLock)
        {
            if (!_reading)
            {
                _writer.Flush();
                _reading = true;
            }

            _random ??= new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 4096);
            _random.Position = offset;
            using var reader = new BinaryReader(_random, System.Text.Encoding.UTF8, leaveOpen: true);
            var line = reader.Read7BitEncodedInt64();
            var fields = new string?[reader.Read7BitEncodedInt()];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.ReadBoolean() ? reader.ReadString() : null;
            }

            return new SpilledRow(offset, line, fields);
        }
    }

    private void StopWriting()
    {
        lock (_randomLock)
        {
            if (!_reading)
            {
                _writer.Flush();
                _reading = true;
            }
        }
    }

    public void Dispose()
    {
        _random?.Dispose();
        _writer.Dispose();
        _file.Dispose();
    }
}

/// <summary>A row read back from the spill.</summary>
internal readonly record struct SpilledRow(long Offset, long Line, string?[] Fields);
