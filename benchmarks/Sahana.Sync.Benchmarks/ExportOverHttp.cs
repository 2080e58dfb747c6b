using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// <c>GET /sync/export</c> of N rows over Kestrel on 127.0.0.1, plain, gzip and Brotli as the endpoint
/// negotiates them: bytes on the wire and the time until the client has read and decoded the whole file.
/// Then each coding's level alone, compressing the plain file in memory, for the choice of level.
/// The same rows as <see cref="ExportMemory"/> (fixed seed).
/// </summary>
public static class ExportOverHttp
{
    private const int Runs = 5;

    public static async Task RunAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sahana-sync-export-http-{rows}.db");
        File.Delete(path);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<BenchmarkContext>(o => o.UseSqlite($"Data Source={path};Pooling=False"));
        builder.Services.AddSahanaSync<BenchmarkContext>(o => o.InstanceId = "col");
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.MapSahanaSync("/sync").AllowAnonymous();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BenchmarkContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await ExportMemory.FillAsync(path, rows);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = new Uri(addresses.Addresses.Single());
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(address, "/sync/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };

        byte[]? plain = null;
        foreach (var coding in (string[])["identity", "gzip", "br"])
        {
            await FetchAsync(http, coding, null); // warm-up: JIT, the page cache
            var times = new List<double>();
            long wire = 0, decoded = 0;
            for (var i = 0; i < Runs; i++)
            {
                var watch = Stopwatch.StartNew();
                (wire, decoded) = await FetchAsync(http, coding, keep: null);
                times.Add(watch.Elapsed.TotalSeconds);
            }

            if (coding == "identity")
            {
                using var copy = new MemoryStream();
                await FetchAsync(http, coding, copy);
                plain = copy.ToArray();
            }

            times.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"http coding={coding} rows={rows} wire_bytes={wire} decoded_bytes={decoded} "
                    + $"ratio={wire / (double)decoded:F3} "
                    + $"median_s={times[Runs / 2]:F3} min_s={times[0]:F3} max_s={times[^1]:F3}"));
        }

        await app.StopAsync();
        foreach (var (name, level) in ((string, CompressionLevel)[])[
            ("gzip", CompressionLevel.Fastest),
            ("gzip", CompressionLevel.Optimal),
            ("gzip", CompressionLevel.SmallestSize),
            ("br", CompressionLevel.Fastest),
            ("br", CompressionLevel.Optimal),
            ("br", CompressionLevel.SmallestSize)])
        {
            var watch = Stopwatch.StartNew();
            using var output = new MemoryStream();
            Stream encoder = name == "br" ? new BrotliStream(output, level, true) : new GZipStream(output, level, true);
            await using (encoder)
            {
                await encoder.WriteAsync(plain);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"memory coding={name} level={level} bytes={output.Length} "
                    + $"ratio={output.Length / (double)plain!.Length:F3} seconds={watch.Elapsed.TotalSeconds:F3}"));
        }

        File.Delete(path);
    }

    /// <summary>Reads one export to its end, decoding it as the client does: bytes on the wire, and decoded.</summary>
    private static async Task<(long Wire, long Decoded)> FetchAsync(HttpClient http, string coding, Stream? keep)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "export");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var received = string.Join(",", response.Content.Headers.ContentEncoding);
        if (received != (coding == "identity" ? "" : coding))
        {
            throw new InvalidOperationException($"Asked for {coding}, got '{received}'.");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var counted = new CountingStream(body);
        await using Stream decoder = coding switch
        {
            "gzip" => new GZipStream(counted, CompressionMode.Decompress),
            "br" => new BrotliStream(counted, CompressionMode.Decompress),
            _ => counted,
        };
        var sink = keep ?? Stream.Null;
        var buffer = new byte[81920];
        long decoded = 0;
        int read;
        while ((read = await decoder.ReadAsync(buffer)) > 0)
        {
            decoded += read;
            await sink.WriteAsync(buffer.AsMemory(0, read));
        }

        return (counted.BytesRead, decoded);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
