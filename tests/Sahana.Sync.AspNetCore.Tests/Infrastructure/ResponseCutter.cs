using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>Server middleware that drops the connection after <see cref="CutAfter"/> bytes of the next <see cref="CutsLeft"/> exports.</summary>
public sealed class ResponseCutter
{
    public int CutsLeft { get; set; }

    public long CutAfter { get; set; } = 4096;

    public void Install(WebApplication app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.Value!.EndsWith("/export", StringComparison.Ordinal) || CutsLeft <= 0)
        {
            await next(context);
            return;
        }

        CutsLeft--;
        var body = context.Response.Body;
        context.Response.Body = new CuttingStream(body, CutAfter, context);
        try
        {
            await next(context);
        }
        catch (IOException)
        {
            // The cut: the connection is gone, there is nobody to answer.
        }
        finally
        {
            context.Response.Body = body;
        }
    });

    private sealed class CuttingStream(Stream inner, long cutAfter, HttpContext context) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var take = (int)Math.Min(buffer.Length, cutAfter - _written);
            await inner.WriteAsync(buffer[..take], cancellationToken);
            _written += take;
            if (_written >= cutAfter)
            {
                await inner.FlushAsync(cancellationToken);

                // Give the client time to read the headers, so the cut falls in the body: a cut before the
                // headers is a failed request, which the resilience handler simply sends again.
                await Task.Delay(500, CancellationToken.None);
                context.Abort();
                throw new IOException($"The test cut the export after {_written} bytes.");
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => throw new NotSupportedException("Kestrel allows no synchronous writes.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Kestrel allows no synchronous writes.");
    }
}
