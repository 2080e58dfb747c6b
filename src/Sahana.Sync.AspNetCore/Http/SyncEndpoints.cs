using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Sahana.Sync.Hosting;

namespace Sahana.Sync.AspNetCore;

/// <summary>The three handlers <c>MapSahanaSync</c> maps; each streams, none buffers a file.</summary>
internal static partial class SyncEndpoints
{
    internal const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// The <c>Retry-After</c> of a 409, in seconds: long enough for a typical import ahead to commit, short
    /// enough to keep a run going.
    /// </summary>
    internal const int RetryAfterSeconds = 5;

    /// <summary>
    /// <c>GET …/export?since=…&amp;peer=…</c>: the whole synced database, or the rows changed since <c>since</c>,
    /// streamed as it is read. A caller that names itself as <c>peer</c> (one of the instances it may speak for)
    /// gets a delta without the rows whose current version it sent here.
    /// </summary>
    internal static async Task Export(
        HttpContext http, SyncExporter exporter, SyncScope scope, SyncEndpointOptions options, string? since, string? peer, CancellationToken cancellationToken)
    {
        if (peer is not null && PeerProblem(http, options, peer, "for a delta made for it") is { } problem)
        {
            await problem.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        DateTime? modifiedSince = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!SyncTimestamp.TryParse(since, out var parsed))
            {
                await Results.Problem($"since: expected an ISO 8601 time in UTC (2026-11-26T09:41:09.4251400Z), found '{since}'.", statusCode: StatusCodes.Status400BadRequest)
                    .ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            modifiedSince = parsed;
        }

        http.Response.ContentType = CsvContentType;
        http.Response.Headers.ContentDisposition = FormattableString.Invariant(
            $"attachment; filename=\"sync-{scope.Options.InstanceId}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}.csv\"");
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        http.Response.Headers.AcceptEncoding = ContentCodings.Accepted;
        var export = new ExportOptions { ModifiedSince = modifiedSince, Recipient = peer };

        // Compressed here rather than by the host's ResponseCompression middleware, which may be absent and
        // leaves a response that already names its Content-Encoding alone.
        if (ContentCodings.Negotiate(http.Request.Headers.AcceptEncoding) is not { } coding)
        {
            await exporter.ExportAsync(http.Response.Body, export, cancellationToken).ConfigureAwait(false);
            return;
        }

        http.Response.Headers.ContentEncoding = coding;
        var encoder = ContentCodings.Encode(http.Response.Body, coding);
        await using (encoder.ConfigureAwait(false))
        {
            await exporter.ExportAsync(encoder, export, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>POST …/import</c>: a <c>text/csv</c> body streamed into the engine; the <see cref="MergeReport"/> as JSON.</summary>
    internal static async Task<IResult> Import(HttpContext http, UuidMergeEngine engine, SyncEndpointOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(SyncEndpoints).FullName!);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem($"Expected a sync file as text/csv, found '{http.Request.ContentType}'. Nothing was changed.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (!ContentCodings.TryParse(http.Request.Headers.ContentEncoding, out var coding))
        {
            // RFC 9110, 12.5.3: a 415 for a coding names the codings that would have been taken.
            http.Response.Headers.AcceptEncoding = ContentCodings.Accepted;
            return Results.Problem(
                $"Content-Encoding '{http.Request.Headers.ContentEncoding}' is not one this instance decodes: "
                    + "send the file as gzip, br or unencoded. Nothing was changed.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var bodyLimit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (options.MaxImportSize is { } limit)
        {
            // The limit is per request, so the rest of the host keeps its own; Kestrel enforces it on a
            // chunked body as it is read, and a body that announces its length is refused before any read.
            if (bodyLimit is { IsReadOnly: false })
            {
                bodyLimit.MaxRequestBodySize = limit;
            }

            if (http.Request.ContentLength > limit)
            {
                LogTooLarge(logger, http.Request.ContentLength.Value, limit);
                return TooLarge(limit);
            }
        }

        // The limit is on the file, not on its coding: a few KB of gzip can decode to gigabytes.
        var decodedLimit = options.MaxImportSize ?? bodyLimit?.MaxRequestBodySize;
        var body = http.Request.Body;
        if (coding is not null)
        {
            body = ContentCodings.Decode(body, coding);
            if (decodedLimit is { } most)
            {
                body = new BoundedReadStream(body, most, "The sync file");
            }
        }

        try
        {
            // The import history names how the file came: pushed over HTTP, by whom.
            var source = $"push to {http.Request.Path} by {http.User.Identity?.Name ?? "an authenticated caller"}";

            // The file's sync_instance row is only a claim; the caller's credentials say whom it speaks for.
            var import = new ImportOptions { Source = source, AllowedSenders = CallerIds(http, options) };
            var report = await engine.ImportAsync(body, import, cancellationToken).ConfigureAwait(false);
            return Results.Json(report, SyncJson.Options);
        }
        catch (InvalidDataException e) when (coding is not null)
        {
            LogBadCoding(logger, coding, e.Message);
            return Results.Problem(
                $"The body could not be decoded as {coding} (Content-Encoding: {coding}): the compressed data is "
                    + $"damaged ({e.Message}) Nothing was changed; send the file again.",
                statusCode: StatusCodes.Status400BadRequest,
                title: $"The sync file's {coding} coding is damaged; nothing was changed.");
        }
        catch (SyncSenderException e)
        {
            LogForeignSender(logger, http.User.Identity?.Name ?? "an authenticated caller", e.ClaimedSender, e.Message);
            return Results.Problem(
                e.Message,
                statusCode: StatusCodes.Status403Forbidden,
                title: $"The sync file names instance '{e.ClaimedSender}', which this caller may not speak for; nothing was changed.",
                extensions: new Dictionary<string, object?>
                {
                    ["claimedSender"] = e.ClaimedSender,
                    ["allowedSenders"] = e.ExpectedSenders.Order(StringComparer.Ordinal).ToArray(),
                });
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            LogTooLarge(logger, -1, decodedLimit ?? -1);
            return TooLarge(decodedLimit, coding);
        }
        catch (BadHttpRequestException e)
        {
            // The sender went away mid-body (a cut link): the engine had not written anything yet.
            LogBodyBroken(logger, e.Message);
            return Results.Problem($"{e.Message} Nothing was changed; send the file again.", statusCode: e.StatusCode);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && http.RequestAborted.IsCancellationRequested)
        {
            LogBodyBroken(logger, "the sender went away");
            return Results.Empty;
        }
        catch (SyncConcurrencyException e)
        {
            // Another import held the lock, or a writer the rows: both pass in seconds, and resending is safe.
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                e.Message,
                statusCode: StatusCodes.Status409Conflict,
                title: "Another import or writer was busy here; nothing was changed, send the file again.");
        }
        catch (SyncFormatException e)
        {
            LogRefused(logger, e.Message);
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The sync file was refused; nothing was changed.", extensions: new Dictionary<string, object?>
            {
                ["table"] = e.Table,
                ["line"] = e.Line,
                ["column"] = e.Column,
            });
        }
        catch (SyncSignatureException e)
        {
            LogRefused(logger, e.Message);
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The sync file's signature was refused; nothing was changed.", extensions: new Dictionary<string, object?>
            {
                ["sender"] = e.Sender,
                ["knownFingerprint"] = e.KnownFingerprint,
                ["fileFingerprint"] = e.FileFingerprint,
            });
        }
        catch (SyncException e)
        {
            LogRefused(logger, e.Message);
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The sync file was refused; nothing was changed.");
        }
        finally
        {
            if (coding is not null)
            {
                // The decoder's native state; the request body itself stays Kestrel's.
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The problem with a request that names <paramref name="peer"/> as the caller, or null when the caller may speak
    /// for it: what a peer has sent here, and a delta that leaves that out, are that peer's business only.
    /// </summary>
    private static IResult? PeerProblem(HttpContext http, SyncEndpointOptions options, string peer, string forWhat)
    {
        if (!InstanceId().IsMatch(peer))
        {
            return Results.Problem($"peer: expected an instance id of 1 to 4 characters of [a-z0-9], found '{peer}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var ids = CallerIds(http, options);
        return ids.Contains(peer)
            ? null
            : Results.Problem(
                $"peer: this caller may speak for {Describe(ids)}, not for '{peer}'.",
                statusCode: StatusCodes.Status403Forbidden,
                title: $"Only instance '{peer}' may ask {forWhat}.");
    }

    /// <summary><c>GET …/instance?peer=…</c>: who this instance is, and how far it has imported from the named caller.</summary>
    internal static async Task<IResult> Instance(
        HttpContext http, SyncScope scope, SyncEndpointOptions options, string? peer, CancellationToken cancellationToken)
    {
        DateTime? callerLastUpdate = null;
        if (peer is not null)
        {
            if (PeerProblem(http, options, peer, "how far this instance has imported from it") is { } problem)
            {
                return problem;
            }

            callerLastUpdate = await scope.LastUpdateOfAsync(peer, cancellationToken).ConfigureAwait(false);
        }

        // Tells a client it may compress what it pushes (RFC 9110, 12.5.3); SyncClient reads it here.
        http.Response.Headers.AcceptEncoding = ContentCodings.Accepted;
        var self = scope.Options;
        var identity = new SyncInstanceIdentity(self.InstanceId, self.Owner, self.Contact, self.Url, callerLastUpdate)
        {
            PublicKey = scope.PublicKey,
        };
        return Results.Json(identity, SyncJson.Options);
    }

    private static HashSet<string> CallerIds(HttpContext http, SyncEndpointOptions options)
        => new(options.SenderIdsOf(http.User), StringComparer.Ordinal);

    private static string Describe(HashSet<string> ids)
        => ids.Count == 0 ? "no instance" : string.Join(", ", ids.Order(StringComparer.Ordinal).Select(id => $"'{id}'"));

    private static IResult TooLarge(long? limit, string? coding = null)
        => Results.Problem(
            $"The sync file{(coding is null ? null : $", decoded from {coding},")} is larger than this instance "
                + $"accepts ({limit} bytes, SyncEndpointOptions.MaxImportSize). Nothing was changed; send a delta, "
                + "or raise the limit.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    [GeneratedRegex("^[a-z0-9]{1,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceId();

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Sync import refused: the body ({Length} bytes, -1 if not announced) is over the limit of {Limit} bytes.")]
    private static partial void LogTooLarge(ILogger logger, long length, long limit);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Sync import abandoned, nothing written: {Reason}.")]
    private static partial void LogBodyBroken(ILogger logger, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Sync import refused, nothing written: its {Coding} coding is damaged: {Problem}")]
    private static partial void LogBadCoding(ILogger logger, string coding, string problem);

    [LoggerMessage(
        EventId = 103,
        Level = LogLevel.Warning,
        Message = "Sync import refused with 400, nothing was changed: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Sync import refused: {Caller} pushed a file naming instance '{Claimed}', which it may not speak for. {Problem}")]
    private static partial void LogForeignSender(ILogger logger, string caller, string? claimed, string problem);
}
