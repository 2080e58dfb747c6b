namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A read-only stream of a prefix followed by one byte repeated up to a length far larger than memory should
/// hold, made as it is read: a test sees how far a reader went before it gave up.
/// </summary>
public sealed class EndlessStream(byte[] prefix, byte filler, long length) : Stream
{
    private long _position;

    /// <summary>Gets the number of bytes handed out so far.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++, _position++)
        {
            buffer[i] = _position < prefix.Length ? prefix[_position] : filler;
        }

        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
