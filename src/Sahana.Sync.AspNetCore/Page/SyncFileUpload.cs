using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// Receives the upload form and streams its file into the merge engine. The multipart body is read
/// section by section, never buffered as a whole: the antiforgery token comes first (the form puts it
/// before the file), is checked before a byte of the file is read, and the file section's stream is
/// handed straight to <see cref="UuidMergeEngine.ImportAsync"/>.
/// </summary>
/// <remarks>
/// The optional "expected sender" field comes before the file too: when filled, a file from any other
/// instance is refused before anything is written.
/// </remarks>
internal sealed partial class SyncFileUpload(HttpContext http, SyncPageSite site, SyncPageOptions options, IAntiforgery antiforgery, AntiforgeryOptions antiforgeryOptions, ILogger logger)
{
    /// <summary>The form field naming the instance the file must come from.</summary>
    internal const string ExpectedSenderField = "expected-sender";

    private const int MaxTokenLength = 4096;

    internal async Task<UploadOutcome> ReceiveAsync(CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (request.ContentLength > options.MaxUploadBytes)
        {
            return TooLarge(null);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return UploadOutcome.Refused(StatusCodes.Status400BadRequest, null, "The upload did not come from the upload form. Choose a file and press \"Upload sync file\".");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = options.MaxUploadBytes };
        string? fileName = null;
        string? expectedSender = null;
        try
        {
            var tokenChecked = false;
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    fileName = FileNameOf(disposition);
                    return tokenChecked ? await ImportAsync(section.Body, fileName, expectedSender, cancellationToken).ConfigureAwait(false) : Expired();
                }

                if (disposition.IsFormDisposition()
                    && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, ExpectedSenderField, StringComparison.Ordinal))
                {
                    expectedSender = (await ReadShortValueAsync(section.Body, cancellationToken).ConfigureAwait(false))?.Trim();
                    if (expectedSender is { Length: > 0 } && !SyncPageView.IsInstanceId(expectedSender))
                    {
                        return UploadOutcome.Refused(
                            StatusCodes.Status400BadRequest,
                            null,
                            "\"Expected sender\" must be an instance id: 1 to 4 characters of a-z and 0-9. Leave it empty to accept a file from any instance.");
                    }

                    expectedSender = string.IsNullOrEmpty(expectedSender) ? null : expectedSender;
                }

                if (disposition.IsFormDisposition()
                    && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, antiforgeryOptions.FormFieldName, StringComparison.Ordinal))
                {
                    tokenChecked = await CheckTokenAsync(section, cancellationToken).ConfigureAwait(false);
                    if (!tokenChecked)
                    {
                        return Expired();
                    }
                }
            }

            return UploadOutcome.Refused(StatusCodes.Status400BadRequest, null, "No file was uploaded. Choose a sync file first.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(fileName);
        }
        catch (InvalidDataException e) when (IsLengthLimit(e))
        {
            return TooLarge(fileName);
        }
        catch (InvalidDataException)
        {
            return UploadOutcome.Refused(StatusCodes.Status400BadRequest, fileName, "The upload was cut off or garbled on the way. Try again.");
        }
    }

    private async Task<UploadOutcome> ImportAsync(Stream file, string? fileName, string? expectedSender, CancellationToken cancellationToken)
    {
        var user = http.User.Identity?.Name ?? "an unnamed user";
        LogUploadStarting(logger, user, fileName);

        // A .csv.gz is told by its first two bytes, not its name, which the browser or a person may change.
        var peeked = await PrefixedReadStream.PeekAsync(file, 2, cancellationToken).ConfigureAwait(false);
        var gzip = ContentCodings.IsGzip(peeked.Head);
        Stream content = peeked;
        if (gzip)
        {
            var decoded = ContentCodings.Decode(peeked, ContentCodings.Gzip);
            content = new BoundedReadStream(decoded, options.MaxUploadBytes, "The file");
        }

        try
        {
            // The import history (sync_import) keeps the file's name; a rejected file leaves no row there.
            var import = new ImportOptions { Source = fileName, ExpectedSender = expectedSender };
            var report = await site.Engine.ImportAsync(content, import, cancellationToken).ConfigureAwait(false);
            return UploadOutcome.Imported(fileName, report);
        }
        catch (SyncException e)
        {
            LogUploadRejected(logger, user, fileName, e.Message);
            return UploadOutcome.Refused(StatusCodes.Status400BadRequest, fileName, e.Message, e as SyncFormatException);
        }
        catch (InvalidDataException e) when (gzip && !IsLengthLimit(e))
        {
            var problem = "The file is gzip-compressed (.csv.gz) but could not be decompressed: it is damaged "
                + $"({e.Message})";
            LogUploadRejected(logger, user, fileName, problem);
            return UploadOutcome.Refused(StatusCodes.Status400BadRequest, fileName, problem + " Nothing was changed.");
        }
        finally
        {
            await content.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Validates the token read from the form through the header the antiforgery service reads first, so
    /// it never falls back to reading (and buffering) the whole form.
    /// </summary>
    private async Task<bool> CheckTokenAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        if (antiforgeryOptions.HeaderName is not { Length: > 0 } header)
        {
            throw new InvalidOperationException("The sync page needs AntiforgeryOptions.HeaderName: it checks the upload form's token before it reads the file.");
        }

        var token = await ReadShortValueAsync(section.Body, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return false;
        }

        http.Request.Headers[header] = token;
        return await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false);
    }

    private static async Task<string?> ReadShortValueAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new char[MaxTokenLength + 1];
        using var reader = new StreamReader(body, leaveOpen: true);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return read is 0 or > MaxTokenLength ? null : new string(buffer, 0, read);
    }

    /// <summary>The multipart reader's refusal of a body over <see cref="SyncPageOptions.MaxUploadBytes"/>.</summary>
    private static bool IsLengthLimit(InvalidDataException e)
        => e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase);

    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        // Shown as the browser sent it (encoded): a name is the operator's only handle on the file.
        var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        return string.IsNullOrEmpty(name) ? null : name;
    }

    private UploadOutcome TooLarge(string? fileName)
        => UploadOutcome.Refused(StatusCodes.Status413PayloadTooLarge, fileName, $"The file is larger than this page accepts ({SyncPageView.DescribeSize(options.MaxUploadBytes)}).");

    private static UploadOutcome Expired()
        => UploadOutcome.Refused(StatusCodes.Status400BadRequest, null, "The upload form had expired or did not come from this page. Reload the page and upload the file again.");

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Sync page: {User} is uploading '{FileName}'.")]
    private static partial void LogUploadStarting(ILogger logger, string user, string? fileName);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Sync page: the file '{FileName}' uploaded by {User} was rejected, nothing was changed: {Problem}")]
    private static partial void LogUploadRejected(ILogger logger, string user, string? fileName, string problem);
}
