using Microsoft.Win32.SafeHandles;

namespace Sahana.Sync.Import;

/// <summary>
/// The file's rows, parked in a temporary file between reading and merging: sections arrive in any order
/// and a uuid may have several versions, so nothing can be written before the whole file has been read.
/// Memory then holds only the uuid index, never whole rows, and the source stream is read once.
/// </summary>
/// <remarks>
/// The spill holds every row of a file someone sent, so only this process's user may read it (0600), and it
/// outlives nothing: on Unix its name is removed right after it is created, and it is read back through the
/// handle that wrote it, so even a killed process leaves no file; on Windows it is deleted when closed.
/// </remarks>
internal sealed class RowSpill : IDisposable
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private bool _reading;

    /// <summary>A spill on a file <see cref="SpillFolder.CreateFile"/> made.</summary>
    internal RowSpill(FileStream file, string path)
    {
        _file = file;
        Path = path;
        _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Gets the path the spill was created at (on Unix no longer there once created).</summary>
    internal string Path { get; }

    /// <summary>Gets the open spill's handle, the only way back to its bytes.</summary>
    internal SafeFileHandle Handle => _file.SafeFileHandle;

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

    private void StopWriting()
    {
        if (!_reading)
        {
            _writer.Flush();
            _reading = true;
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}

/// <summary>A row read back from the spill.</summary>
internal readonly record struct SpilledRow(long Offset, long Line, string?[] Fields);
