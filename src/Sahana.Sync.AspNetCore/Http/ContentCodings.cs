using System.IO.Compression;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// The content codings both ends speak, gzip and Brotli, chosen per request from the headers alone, so the
/// endpoints compress without the host's ResponseCompression middleware and decode what a client sends.
/// </summary>
internal static class ContentCodings
{
    internal const string Gzip = "gzip";

    internal const string Brotli = "br";

    /// <summary>
    /// What the endpoints decode in a request, in their order of preference: the value of the <c>Accept-Encoding</c>
    /// they answer with (RFC 9110, 12.5.3), which tells a client it may compress what it pushes.
    /// </summary>
    internal const string Accepted = "gzip, br";

    private const StringSplitOptions Parts = StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries;

    /// <summary>The coding to answer a request's <c>Accept-Encoding</c> with, or <see langword="null"/>.</summary>
    /// <remarks>
    /// The highest quality wins; at equal quality gzip: on 100,000 rows Brotli at its default level made a file
    /// only 2% smaller for more CPU (docs/http.md, "Compression"), and every HTTP stack and gunzip read gzip.
    /// </remarks>
    internal static string? Negotiate(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offered))
        {
            return null;
        }

        string? best = null;
        var bestQuality = 0.0;
        foreach (var coding in (string[])[Gzip, Brotli])
        {
            var quality = QualityOf(offered, coding);
            if (quality > bestQuality)
            {
                (best, bestQuality) = (coding, quality);
            }
        }

        return best;
    }

    /// <summary>
    /// Reads a <c>Content-Encoding</c>: <see langword="true"/> with <paramref name="coding"/> <see langword="null"/>
    /// for none or identity, or the one coding this library decodes; <see langword="false"/> for anything else,
    /// several codings included.
    /// </summary>
    internal static bool TryParse(StringValues contentEncoding, out string? coding)
    {
        coding = null;
        var codings = contentEncoding
            .SelectMany(v => (v ?? string.Empty).Split(',', Parts))
            .Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (codings.Count == 0)
        {
            return true;
        }

        coding = codings is [var only] ? Known(only) : null;
        return coding is not null;
    }

    /// <summary>Wraps <paramref name="body"/> in an encoder; disposing it ends the coding, not the body.</summary>
    internal static Stream Encode(Stream body, string coding) => coding switch
    {
        Gzip => new GZipStream(body, CompressionLevel.Optimal, leaveOpen: true),
        Brotli => new BrotliStream(body, CompressionLevel.Optimal, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Not a coding this library encodes."),
    };

    /// <summary>
    /// Wraps <paramref name="body"/> in a decoder; damaged data throws <see cref="InvalidDataException"/> as it
    /// is read.
    /// </summary>
    internal static Stream Decode(Stream body, string coding) => coding switch
    {
        Gzip => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true),
        Brotli => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Not a coding this library decodes."),
    };

    /// <summary>Whether a file starts as every gzip file does (RFC 1952: 1f 8b), whatever its name says.</summary>
    internal static bool IsGzip(ReadOnlySpan<byte> head) => head is [0x1f, 0x8b, ..];

    private static string? Known(string coding)
        => coding.Equals(Gzip, StringComparison.OrdinalIgnoreCase)
            || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase) ? Gzip
            : coding.Equals(Brotli, StringComparison.OrdinalIgnoreCase) ? Brotli
            : null;

    private static double QualityOf(IList<StringWithQualityHeaderValue> offered, string coding)
    {
        double? wildcard = null;
        foreach (var entry in offered)
        {
            if (entry.Value.Equals(coding, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Quality ?? 1.0;
            }

            if (entry.Value.Equals("*", StringComparison.Ordinal))
            {
                wildcard = entry.Quality ?? 1.0;
            }
        }

        return wildcard ?? 0.0;
    }
}
