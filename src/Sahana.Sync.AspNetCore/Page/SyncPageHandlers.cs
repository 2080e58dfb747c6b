using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>The page's three requests: show it, download a sync file, upload one.</summary>
internal static partial class SyncPageHandlers
{
    internal static Task ShowAsync(HttpContext http) => RenderAsync(http, outcome: null);

    /// <summary>Re-stamps the rows ahead of this machine's clock once the form confirms the clock is right.</summary>
    internal static async Task RepairClockAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = LoggerOf(http);
        ClockRepairOutcome outcome;
        try
        {
            await services.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            if (!string.Equals(form[ClockWarningView.ConfirmField], "yes", StringComparison.Ordinal))
            {
                outcome = new ClockRepairOutcome(
                    StatusCodes.Status400BadRequest,
                    false,
                    "Nothing was changed: tick \"This machine's clock is now correct\" first, once it is.");
            }
            else
            {
                var repair = services.GetRequiredService<SyncPageSite>().Clock;
                var rows = await repair.RestampFutureRowsAsync(http.RequestAborted).ConfigureAwait(false);
                LogClockRepaired(logger, http.User.Identity?.Name ?? "an unnamed user", rows);
                var what = rows == 1 ? "record was" : "records were";
                outcome = new ClockRepairOutcome(
                    StatusCodes.Status200OK,
                    true,
                    string.Create(CultureInfo.InvariantCulture, $"{rows:N0} {what} re-stamped to this machine's clock,")
                        + " in their order. The next sync carries them to the other sites.");
            }
        }
        catch (AntiforgeryValidationException)
        {
            outcome = new ClockRepairOutcome(
                StatusCodes.Status400BadRequest,
                false,
                "The form had expired or did not come from this page. Reload the page and try again. "
                    + "Nothing was changed.");
        }

        await RenderAsync(http, outcome: null, outcome).ConfigureAwait(false);
    }

    internal static async Task UploadAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var upload = new SyncFileUpload(
            http,
            services.GetRequiredService<SyncPageSite>(),
            services.GetRequiredService<IOptions<SyncPageOptions>>().Value,
            services.GetRequiredService<IAntiforgery>(),
            services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value,
            LoggerOf(http));
        var outcome = await upload.ReceiveAsync(http.RequestAborted).ConfigureAwait(false);
        await RenderAsync(http, outcome).ConfigureAwait(false);
    }

    internal static async Task DownloadAsync(HttpContext http)
    {
        var site = http.RequestServices.GetRequiredService<SyncPageSite>();
        var since = http.Request.Query["since"].ToString();
        var options = new ExportOptions();
        var name = string.Create(CultureInfo.InvariantCulture, $"sync-{site.Instance.InstanceId}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}");
        if (since.Length > 0)
        {
            if (await site.LastUpdateOfAsync(since, http.RequestAborted).ConfigureAwait(false) is not { } lastUpdate)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync("No peer with that id has synced with this instance. Go back and choose again.", http.RequestAborted).ConfigureAwait(false);
                return;
            }

            // Rows changed since the peer last sent a file here: what it is likely to lack.
            options.ModifiedSince = lastUpdate;
            name += "-since-" + since;
        }

        var user = http.User.Identity?.Name ?? "an unnamed user";
        var peerId = since.Length == 0 ? "none: a full file" : since;
        var logger = LoggerOf(http);
        LogDownload(logger, user, peerId);

        // A .csv.gz is a file of its own type, not a Content-Encoding, which the browser would undo on saving.
        var gzip = string.Equals(http.Request.Query[SyncPageView.GzipField], "yes", StringComparison.Ordinal);
        http.Response.ContentType = gzip ? "application/gzip" : "text/csv; charset=utf-8";

        // Built by the header type, which quotes and encodes: a peer's id comes from a file.
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name + (gzip ? ".csv.gz" : ".csv"));
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "no-store";
        if (!gzip)
        {
            await site.Exporter.ExportAsync(http.Response.Body, options, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        var encoder = ContentCodings.Encode(http.Response.Body, ContentCodings.Gzip);
        await using (encoder.ConfigureAwait(false))
        {
            await site.Exporter.ExportAsync(encoder, options, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Reinstates or dismisses a lost edit, as the form asks.</summary>
    internal static async Task ResolveConflictAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var user = http.User.Identity?.Name;
        ConflictOutcome outcome;
        try
        {
            await services.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var log = services.GetRequiredService<SyncPageSite>().Conflicts;
            var action = form[ConflictLogView.ActionField].ToString();
            if (!Guid.TryParse(form[ConflictLogView.IdField], out var id) || action is not ("reinstate" or "dismiss"))
            {
                outcome = new ConflictOutcome(StatusCodes.Status400BadRequest, false, "Nothing was changed", "The form did not say which lost edit, or what to do with it.");
            }
            else if (action == "reinstate")
            {
                var report = await log.ReinstateAsync(id, user, http.RequestAborted).ConfigureAwait(false);
                outcome = new ConflictOutcome(
                    StatusCodes.Status200OK,
                    true,
                    "Edit reinstated",
                    string.Create(CultureInfo.InvariantCulture, $"The lost edit is this site's newest version again ({report.TotalChanges} record changed); the next sync carries it to the other sites."));
            }
            else
            {
                await log.DismissAsync(id, user, http.RequestAborted).ConfigureAwait(false);
                outcome = new ConflictOutcome(StatusCodes.Status200OK, true, "Edit dismissed", "The version that was kept stays; the lost edit is closed.");
            }
        }
        catch (AntiforgeryValidationException)
        {
            outcome = new ConflictOutcome(
                StatusCodes.Status400BadRequest, false, "Nothing was changed", "The form had expired or did not come from this page. Reload the page and try again.");
        }
        catch (SyncException e)
        {
            outcome = new ConflictOutcome(StatusCodes.Status400BadRequest, false, "Nothing was changed", e.Message);
        }

        await RenderAsync(http, outcome: null, conflictOutcome: outcome).ConfigureAwait(false);
    }

    private static async Task RenderAsync(
        HttpContext http,
        UploadOutcome? outcome,
        ClockRepairOutcome? clockOutcome = null,
        ConflictOutcome? conflictOutcome = null)
    {
        var services = http.RequestServices;
        var site = services.GetRequiredService<SyncPageSite>();
        var options = services.GetRequiredService<IOptions<SyncPageOptions>>().Value;
        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var model = new SyncPageModel(
            site.Instance,
            site.Plan,
            await site.PeersAsync(http.RequestAborted).ConfigureAwait(false),
            await site.RecentImportsAsync(options.RecentImports, http.RequestAborted).ConfigureAwait(false),
            PagePathOf(http.Request),
            tokens.FormFieldName,
            tokens.RequestToken,
            options.MaxUploadBytes,
            outcome,
            await site.Clock.InspectAsync(http.RequestAborted).ConfigureAwait(false),
            clockOutcome,
            await site.ConflictPageAsync(ConflictPageOf(http.Request), http.RequestAborted).ConfigureAwait(false),
            conflictOutcome,
            site.KeyFingerprint,
            await site.RecentFailuresAsync(options.RecentImports, http.RequestAborted).ConfigureAwait(false));

        var response = http.Response;
        response.StatusCode = outcome?.StatusCode ?? clockOutcome?.StatusCode ?? conflictOutcome?.StatusCode ?? StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = PageStyle.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(SyncPageView.Render(model), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The page's own url path, taken from the request (the page and the upload share it), so the forms
    /// point back here under any path base and route pattern.
    /// </summary>
    private static string PagePathOf(HttpRequest request)
        => request.PathBase.Add(request.Path).ToUriComponent().TrimEnd('/');

    private static int ConflictPageOf(HttpRequest request)
        => int.TryParse(request.Query[ConflictLogView.PageField], NumberStyles.None, CultureInfo.InvariantCulture, out var page)
            ? Math.Min(page, 100_000)
            : 0;

    private static ILogger LoggerOf(HttpContext http)
        => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sahana.Sync.AspNetCore.SyncPage");

    [LoggerMessage(
        EventId = 104,
        Level = LogLevel.Warning,
        Message = "Sync page: {User} confirmed this machine's clock is correct; {Rows} rows stamped ahead "
            + "were re-stamped.")]
    private static partial void LogClockRepaired(ILogger logger, string user, int rows);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Sync page: {User} is downloading a sync file; changes since the last sync with peer: {Peer}.")]
    private static partial void LogDownload(ILogger logger, string user, string peer);
}
