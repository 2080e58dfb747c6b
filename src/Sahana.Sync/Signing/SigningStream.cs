using System.Security.Cryptography;

namespace Sahana.Sync.Signing;

/// <summary>
/// Passes an export's bytes to the destination and hashes them on the way, so signing costs one pass and no
/// memory; <see cref="WriteSignatureAsync"/> then appends the signature line after <c>END</c>.
/// </summary>
internal sealed class SigningStream(Stream destination) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    internal async Task WriteSignatureAsync(InstanceKey key, string instanceId, CancellationToken cancellationToken)
    {
        var start = SignatureLine.SignedStart(instanceId, key.PublicKey);
        _hash.AppendData(start);
        var signature = Convert.ToBase64String(key.SignHash(_hash.GetHashAndReset()));
        await destination.WriteAsync(start, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(System.Text.Encoding.ASCII.GetBytes(signature + "\r\n"), cancellationToken)
            .ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        destination.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        return destination.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => destination.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => destination.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
