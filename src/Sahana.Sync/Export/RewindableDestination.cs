namespace Sahana.Sync.Export;

/// <summary>
/// The caller's stream, as an export attempt writes it: counts what went out, so that an attempt an execution
/// strategy retries starts on a clean stream or not at all. A seekable stream is cut back to where the export
/// began; bytes already sent down a stream that cannot seek (a response body) cannot be taken back.
/// </summary>
internal sealed class RewindableDestination(Stream inner) : Stream
{
    private readonly long _start = inner.CanSeek ? inner.Position : 0;
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Takes back what earlier attempts wrote; false when some of it has gone where it cannot be taken back.
    /// </summary>
    internal bool TryRewind()
    {
        if (inner.CanSeek)
        {
            inner.Position = _start;
            inner.SetLength(_start);
            _written = 0;
        }

        return _written == 0;
    }

    /// <summary>Gets how many bytes the current attempt has written.</summary>
    internal long Written => _written;

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        _written += count;
    }

    public override async ValueTask WriteAsync(
        ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
