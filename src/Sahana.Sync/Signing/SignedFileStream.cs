using System.Security.Cryptography;

namespace Sahana.Sync.Signing;

/// <summary>
/// Reads a sync file for the importer and hashes it on the way, holding back the last bytes until the end shows
/// whether they are a signature line: the reader then sees the file up to <c>END</c>, as pydal reads it, and
/// <see cref="Verify"/> checks the signature against every byte it covers. Memory stays one buffer, whatever
/// the file's size.
/// </summary>
internal sealed class SignedFileStream(Stream source) : Stream
{
    // Longer than END's line break and the longest signature line: the line is always still held at the end.
    private const int Holdback = 1024;
    private const int BufferSize = 64 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private int _limit;
    private bool _eof;
    private byte[]? _signedLine;
    private string? _problem;
    private FileSignature? _signature;
    private byte[] _signatureBytes = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Checks the signature once the file has been read to its end: the signature found, or
    /// <see langword="null"/> for an unsigned file.
    /// </summary>
    /// <exception cref="SyncSignatureException">The signature line is malformed, or does not match the bytes it covers.</exception>
    internal FileSignature? Verify()
    {
        if (!_eof || _start < _limit)
        {
            throw new InvalidOperationException("The file has not been read to its end.");
        }

        if (_problem is not null)
        {
            throw new SyncSignatureException($"The file's signature line is not valid: {_problem}. Nothing was changed.");
        }

        if (_signature is not { } signature)
        {
            return null;
        }

        _hash.AppendData(_signedLine!);
        var hash = _hash.GetHashAndReset();
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(signature.PublicKey), out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new SyncSignatureException(
                $"The file's signature line names instance '{signature.Signer}' with a key that is not an ECDSA public key: "
                    + "is the file altered? Nothing was changed.",
                e);
        }

        if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value
            || !key.VerifyHash(hash, _signatureBytes, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new SyncSignatureException(
                $"The file's signature does not match its bytes: it was altered or cut after instance '{signature.Signer}' "
                    + $"signed it (key {signature.Fingerprint}). Nothing was changed.",
                signature.Signer,
                null,
                signature.Fingerprint);
        }

        return signature;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (TryTake(buffer, out var taken))
            {
                return taken;
            }

            Filled(source.Read(_buffer, Compact(), _buffer.Length - _end));
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryTake(buffer.Span, out var taken))
            {
                return taken;
            }

            var at = Compact();
            Filled(await source.ReadAsync(_buffer.AsMemory(at), cancellationToken).ConfigureAwait(false));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Hands over what is surely not the signature line; false when more must be read first.</summary>
    private bool TryTake(Span<byte> buffer, out int taken)
    {
        var available = (_eof ? _limit : _end - Holdback) - _start;
        if (available <= 0 && !_eof)
        {
            taken = 0;
            return buffer.IsEmpty;
        }

        taken = Math.Min(Math.Max(available, 0), buffer.Length);
        var bytes = _buffer.AsSpan(_start, taken);
        bytes.CopyTo(buffer);
        _hash.AppendData(bytes);
        _start += taken;
        return true;
    }

    /// <summary>Moves the held bytes to the buffer's start; returns where the next read goes.</summary>
    private int Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _end;
    }

    private void Filled(int read)
    {
        if (read > 0)
        {
            _end += read;
            return;
        }

        _eof = true;
        _limit = _end;
        FindSignatureLine(_buffer.AsSpan(_start, _end - _start));
    }

    private void FindSignatureLine(ReadOnlySpan<byte> tail)
    {
        var at = tail.LastIndexOf(SignatureLine.Keyword);
        var before = at < 0 ? [] : tail[..at];
        var breakLength = before.EndsWith("END\r\n"u8) ? 2 : before.EndsWith("END\n"u8) ? 1 : 0;
        if (breakLength == 0)
        {
            // No line after END that starts as a signature: an unsigned file, read as it is.
            return;
        }

        var lineStart = at - breakLength;
        _limit = _start + lineStart;
        var rest = tail[(at + SignatureLine.Keyword.Length)..];
        _problem = SignatureLine.TryParse(rest, out var signer, out var key, out _signatureBytes, out var signedLength);
        if (_problem is null)
        {
            _signature = new FileSignature(signer, key);
            _signedLine = tail[lineStart..(at + SignatureLine.Keyword.Length + signedLength)].ToArray();
        }
    }
}
