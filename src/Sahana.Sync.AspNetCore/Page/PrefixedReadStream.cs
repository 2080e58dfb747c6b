namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// A stream whose first bytes were read ahead to see what it holds (an upload's gzip magic): reads give
/// those bytes again, then the rest, so the look costs no buffering of the file.
/// </summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads the first <paramref name="count"/> bytes of <paramref name="stream"/> (fewer if short).</summary>
    internal static async Task<PrefixedReadStream> PeekAsync(
        Stream stream, int count, CancellationToken cancellationToken)
    {
        var head = new byte[count];
        var read = await stream.ReadAtLeastAsync(head, count, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        return new PrefixedReadStream(head.AsMemory(0, read), stream);
    }

    /// <summary>The bytes read ahead.</summary>
    internal ReadOnlySpan<byte> Head => _prefix.Span;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return rest.Read(buffer);
        }

        var take = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..take].CopyTo(buffer);
        _prefix = _prefix[take..];
        return take;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return rest.ReadAsync(buffer, cancellationToken);
        }

        var take = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..take].CopyTo(buffer.Span);
        _prefix = _prefix[take..];
        return ValueTask.FromResult(take);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
