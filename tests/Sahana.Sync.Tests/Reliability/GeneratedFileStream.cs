using System.Text;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A read-only stream of lines made as they are read, each ended by CRLF: a file of any size for a test,
/// never held in memory nor stored in the repository.
/// </summary>
public sealed class GeneratedFileStream(IEnumerable<string> lines) : Stream
{
    private readonly IEnumerator<string> _lines = lines.GetEnumerator();
    private byte[] _pending = [];
    private int _at;
    private long _position;

    /// <summary>Gets the number of bytes handed out so far: the file's size once it has been read.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_at == _pending.Length)
            {
                if (!_lines.MoveNext())
                {
                    break;
                }

                _pending = Encoding.UTF8.GetBytes(_lines.Current + "\r\n");
                _at = 0;
            }

            var count = Math.Min(buffer.Length - written, _pending.Length - _at);
            _pending.AsSpan(_at, count).CopyTo(buffer[written..]);
            _at += count;
            written += count;
        }

        _position += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lines.Dispose();
        }

        base.Dispose(disposing);
    }
}
