using System.Net;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Sits where the network would be, under the resilience handler, so it sees every attempt: records each
/// request, counts the bytes of each upload, and cuts the next <see cref="CutsLeft"/> uploads after
/// <see cref="CutAfter"/> bytes, as a link that drops halfway would.
/// </summary>
public sealed class CuttingHandler : DelegatingHandler
{
    private int _cutsLeft;

    public int CutsLeft { get => Volatile.Read(ref _cutsLeft); set => Volatile.Write(ref _cutsLeft, value); }

    public long CutAfter { get; set; } = 4096;

    public List<Uri> Requests { get; } = [];

    /// <summary>The bytes each upload attempt sent before it ended or was cut.</summary>
    public List<long> UploadAttempts { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!);
        }

        if (request.Content is not { } original)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var cut = Interlocked.Decrement(ref _cutsLeft) >= 0;
        if (!cut)
        {
            Interlocked.Increment(ref _cutsLeft);
        }

        var counted = new CountingContent(original, cut ? CutAfter : long.MaxValue);
        request.Content = counted;
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            request.Content = original;
            lock (UploadAttempts)
            {
                UploadAttempts.Add(counted.Sent);
            }
        }
    }

    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _cutAfter;

        public CountingContent(HttpContent inner, long cutAfter)
        {
            _inner = inner;
            _cutAfter = cutAfter;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            // A cut body announces no length, so the server cannot tell it is short until the link drops.
            if (cutAfter != long.MaxValue)
            {
                Headers.ContentLength = null;
            }
        }

        public long Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // Through the real content, so a second attempt shows whether it can send its body again.
            var counting = new CountingStream(stream, _cutAfter);
            try
            {
                await _inner.CopyToAsync(counting);
            }
            finally
            {
                Sent = counting.Written;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Headers.ContentLength ?? -1;
            return Headers.ContentLength is not null;
        }
    }

    private sealed class CountingStream(Stream inner, long cutAfter) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var take = (int)Math.Min(buffer.Length, cutAfter - Written);
            await inner.WriteAsync(buffer[..take], cancellationToken);
            Written += take;
            if (Written >= cutAfter)
            {
                await inner.FlushAsync(cancellationToken);
                throw new IOException($"The test cut the upload after {Written} bytes.");
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
