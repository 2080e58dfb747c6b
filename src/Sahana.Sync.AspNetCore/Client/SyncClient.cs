using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Sahana.Sync.Diagnostics;
using Sahana.Sync.Hosting;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// Syncs this instance with a peer's <c>MapSahanaSync</c> endpoints: pulls the peer's changes, pushes this
/// instance's. Registered with <c>services.AddSahanaSyncClient()</c> as a typed <see cref="HttpClient"/> whose
/// requests are retried by the standard resilience handler.
/// </summary>
/// <remarks>
/// Files stream both ways: a pull hands the response body to <see cref="UuidMergeEngine"/> as it arrives, a
/// push sends an export spooled to a temporary file, so a retry sends the same bytes again. Importing the
/// same file twice changes nothing, which is what makes every retry safe. Runs with the same peer never
/// overlap, and each is cancelled after <see cref="SyncClientOptions.RunTimeout"/>. On PostgreSQL that holds
/// across the nodes of a cluster that share the database: a run takes the peer's row in <c>sync_lease</c>.
/// </remarks>
public sealed partial class SyncClient
{
    private readonly HttpClient _http;
    private readonly IServiceScopeFactory _scopes;
    private readonly SyncPeerLocks _locks;
    private readonly SyncClusterLeases _cluster;
    private readonly SyncClientOptions _options;
    private readonly ILogger _logger;
    private readonly SyncTelemetry _telemetry;

    internal SyncClient(HttpClient http, IServiceScopeFactory scopes, SyncPeerLocks locks, SyncClientOptions options, ILogger<SyncClient> logger, SyncTelemetry telemetry)
    {
        _cluster = new SyncClusterLeases(scopes, TimeProvider.System);
        _http = http;
        _scopes = scopes;
        _locks = locks;
        _options = options;
        _logger = logger;
        _telemetry = telemetry;
    }

    /// <summary>
    /// Pulls the peer's changes since the last pull (its <c>sync_instance.last_update</c> here, on the peer's
    /// clock) and imports them, in one transaction, then records the peer's url in <c>sync_instance</c>.
    /// </summary>
    /// <param name="peer">The peer.</param>
    /// <param name="cancellationToken">A token to cancel the pull; nothing is then changed here.</param>
    /// <returns>What the import here did; <see cref="SyncTransfer.Report"/> has the full report.</returns>
    /// <exception cref="HttpRequestException">The peer could not be reached or refused, after the retries.</exception>
    /// <exception cref="IOException">The transfer broke off halfway on every attempt; nothing was changed here.</exception>
    /// <exception cref="SyncSenderException">The peer answered as another instance than <see cref="SyncPeer.InstanceId"/>, or its file names another sender than the peer; nothing was changed here.</exception>
    /// <exception cref="SyncException">The peer's file was refused; nothing was changed here.</exception>
    public Task<SyncTransfer> PullAsync(SyncPeer peer, CancellationToken cancellationToken = default)
        => RunAsync(peer, PullCoreAsync, cancellationToken);

    /// <summary>
    /// Pushes this instance's changes since the peer last imported from it (as the peer reports) to the
    /// peer, which imports them in one transaction.
    /// </summary>
    /// <param name="peer">The peer.</param>
    /// <param name="cancellationToken">A token to cancel the push.</param>
    /// <returns>What the import at the peer did.</returns>
    /// <exception cref="HttpRequestException">The peer could not be reached or refused the file (the message has its reason), after the retries.</exception>
    public Task<SyncTransfer> PushAsync(SyncPeer peer, CancellationToken cancellationToken = default)
        => RunAsync(peer, PushCoreAsync, cancellationToken);

    /// <summary>Pulls from the peer, then pushes to it, as one run: afterwards both hold the same rows.</summary>
    /// <param name="peer">The peer.</param>
    /// <param name="cancellationToken">A token to cancel the run.</param>
    /// <returns>The pull and the push.</returns>
    public Task<SyncExchange> SyncAsync(SyncPeer peer, CancellationToken cancellationToken = default)
        => RunAsync(peer, SyncCoreAsync, cancellationToken);

    /// <summary>The scheduler's run: like <see cref="SyncAsync"/>, but <see langword="null"/> at once when a run with the peer is going.</summary>
    internal async Task<SyncExchange?> SyncIfIdleAsync(SyncPeer peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var lease = _locks.TryAcquire(peer.Url, _options.RunTimeout);
        if (lease is null)
        {
            return null;
        }

        // In this process first, then among the nodes that share the database.
        var shared = await _cluster.TryAcquireAsync(peer.Url, _options.RunTimeout, cancellationToken).ConfigureAwait(false);
        if (shared is null)
        {
            return null;
        }

        await using (shared.ConfigureAwait(false))
        {
            return await WithTimeoutAsync(peer, SyncCoreAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> RunAsync<T>(SyncPeer peer, Func<SyncPeer, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var lease = await _locks.AcquireAsync(peer.Url, _options.RunTimeout, cancellationToken).ConfigureAwait(false);
        var shared = await _cluster.AcquireAsync(peer.Url, _options.RunTimeout, cancellationToken).ConfigureAwait(false);
        await using (shared.ConfigureAwait(false))
        {
            return await WithTimeoutAsync(peer, run, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> WithTimeoutAsync<T>(SyncPeer peer, Func<SyncPeer, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RunTimeout);
        try
        {
            return await run(peer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, peer, Stopwatch.GetElapsedTime(started), e);
            throw new TimeoutException($"The sync run with {peer} took longer than SyncClientOptions.RunTimeout ({_options.RunTimeout}) and was cancelled.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(_logger, peer, Stopwatch.GetElapsedTime(started), e);
            throw;
        }
    }

    private async Task<SyncExchange> SyncCoreAsync(SyncPeer peer, CancellationToken cancellationToken)
    {
        var pull = await PullCoreAsync(peer, cancellationToken).ConfigureAwait(false);
        var push = await PushCoreAsync(peer, cancellationToken).ConfigureAwait(false);
        return new SyncExchange(pull, push);
    }

    /// <summary>
    /// A pull whose body breaks off is pulled again, as the resilience handler does for a push: the handler
    /// cannot, because it has handed the response to the engine by then. Nothing was written, so it is safe.
    /// </summary>
    private Task<SyncTransfer> PullCoreAsync(SyncPeer peer, CancellationToken cancellationToken)
        => SyncClientTelemetry.TraceAsync(_telemetry, SyncClientTelemetry.Pull, peer, PullWithRetriesAsync, cancellationToken);

    private async Task<SyncTransfer> PullWithRetriesAsync(SyncPeer peer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await PullOnceAsync(peer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (attempt < _options.Retries && !cancellationToken.IsCancellationRequested)
            {
                LogPullCut(_logger, peer, attempt + 1, e);
                await Task.Delay(_options.RetryDelay * Math.Pow(2, attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<SyncTransfer> PullOnceAsync(SyncPeer peer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var sync = scope.ServiceProvider.GetRequiredService<SyncScope>();
            var (identity, _) = await IdentifyAsync(peer, sync.Options.InstanceId, cancellationToken)
                .ConfigureAwait(false);
            var since = await sync.LastUpdateOfAsync(identity.BaseUuid, cancellationToken).ConfigureAwait(false);

            // A delta names this instance as its recipient, so the peer leaves out the rows this instance sent it.
            var address = since is null
                ? peer.Endpoint("export")
                : peer.Endpoint("export?since=" + Uri.EscapeDataString(SyncTimestamp.Format(since.Value))
                    + "&peer=" + Uri.EscapeDataString(sync.Options.InstanceId));
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            if (_options.Compress)
            {
                // Decoded here, not by the primary handler's AutomaticDecompression, which the host may replace.
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(ContentCodings.Gzip));
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(ContentCodings.Brotli));
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, peer, "export", cancellationToken).ConfigureAwait(false);
            var received = string.Join(", ", response.Content.Headers.ContentEncoding);
            if (!ContentCodings.TryParse(received, out var coding))
            {
                throw new HttpRequestException(
                    $"{peer} answered the export with Content-Encoding '{received}', which this client does not "
                    + "decode. Nothing was changed.");
            }

            // The engine reads the body once, to its end, before it writes anything: a body cut halfway
            // fails here with nothing changed.
            MergeReport report;
            var wire = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = coding is null ? wire : ContentCodings.Decode(wire, coding);
            await using (wire.ConfigureAwait(false))
            await using (body.ConfigureAwait(false))
            {
                report = await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>()
                    .ImportAsync(body, new ImportOptions { ExpectedSender = identity.BaseUuid, Source = "pull " + address }, cancellationToken).ConfigureAwait(false);
            }

            await RecordUrlAsync(sync.Context, identity.BaseUuid, peer, cancellationToken).ConfigureAwait(false);
            var transfer = new SyncTransfer(
                peer,
                identity.BaseUuid,
                SyncDirection.Pull,
                since,
                report.Tables.Sum(t => t.Inserted),
                report.Tables.Sum(t => t.Updated),
                report.Tables.Sum(t => t.Unchanged),
                report.ConflictCount,
                Stopwatch.GetElapsedTime(started)) { Report = report };
            LogTransfer(_logger, transfer);
            return transfer;
        }
    }

    private Task<SyncTransfer> PushCoreAsync(SyncPeer peer, CancellationToken cancellationToken)
        => SyncClientTelemetry.TraceAsync(_telemetry, SyncClientTelemetry.Push, peer, PushUntracedAsync, cancellationToken);

    private async Task<SyncTransfer> PushUntracedAsync(SyncPeer peer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var sync = scope.ServiceProvider.GetRequiredService<SyncScope>();
            var (identity, coding) = await IdentifyAsync(peer, sync.Options.InstanceId, cancellationToken)
                .ConfigureAwait(false);
            var since = identity.CallerLastUpdate;

            // Spooled to disk, not sent as it is written: a retry must send the same bytes again, and the
            // export's snapshot transaction should not stay open while a slow link drains it.
            // It holds this instance's rows: in the host's spill folder, readable by its owner only.
            var file = sync.Spills.CreateFile(out _);
            await using (file.ConfigureAwait(false))
            {
                // Compressed as it is written, so the spool holds the bytes the retries send.
                var exporter = scope.ServiceProvider.GetRequiredService<SyncExporter>();
                var export = new ExportOptions { ModifiedSince = since, Recipient = identity.BaseUuid };
                if (coding is null)
                {
                    await exporter.ExportAsync(file, export, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var encoder = ContentCodings.Encode(file, coding);
                    await using (encoder.ConfigureAwait(false))
                    {
                        await exporter.ExportAsync(encoder, export, cancellationToken).ConfigureAwait(false);
                    }
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                Activity.Current?.SetTag("sahana_sync.bytes", file.Length);

                // StreamContent rewinds a seekable stream before each send, so every attempt sends the whole file.
                using var content = new StreamContent(file, 64 * 1024);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(SyncEndpoints.CsvContentType);
                content.Headers.ContentLength = file.Length;
                if (coding is not null)
                {
                    content.Headers.ContentEncoding.Add(coding);
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, peer.Endpoint("import")) { Content = content };

                // The peer answers a file it will refuse (too large, no credentials) before the body is sent.
                request.Headers.ExpectContinue = true;
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                await EnsureSuccessAsync(response, peer, "import", cancellationToken).ConfigureAwait(false);
                var report = await response.Content.ReadFromJsonAsync<RemoteMergeReport>(SyncJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new HttpRequestException($"{peer} answered the import with an empty report.");

                await RecordPushedPeerAsync(sync.Context, identity, peer, cancellationToken).ConfigureAwait(false);
                var transfer = new SyncTransfer(
                    peer,
                    identity.BaseUuid,
                    SyncDirection.Push,
                    since,
                    report.Tables.Sum(t => t.Inserted),
                    report.Tables.Sum(t => t.Updated),
                    report.Tables.Sum(t => t.Unchanged),
                    Math.Max(report.ConflictCount, report.Conflicts.Count),
                    Stopwatch.GetElapsedTime(started));
                LogTransfer(_logger, transfer);
                return transfer;
            }
        }
    }

    /// <summary>Who the peer is, and the coding to push in: the best its <c>Accept-Encoding</c> names.</summary>
    private async Task<(SyncInstanceIdentity Identity, string? PushCoding)> IdentifyAsync(
        SyncPeer peer, string self, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(peer.Endpoint("instance?peer=" + Uri.EscapeDataString(self)), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, peer, "instance", cancellationToken).ConfigureAwait(false);
        var pushCoding = _options.Compress && response.Headers.TryGetValues("Accept-Encoding", out var accepted)
            ? ContentCodings.Negotiate(new StringValues([.. accepted]))
            : null;
        var identity = await response.Content.ReadFromJsonAsync<SyncInstanceIdentity>(SyncJson.Options, cancellationToken).ConfigureAwait(false);
        if (identity is null || string.IsNullOrEmpty(identity.BaseUuid))
        {
            throw new HttpRequestException($"{peer} did not say which instance it is: is {peer.BaseAddress} the prefix of its MapSahanaSync endpoints?");
        }

        if (peer.InstanceId is { } expected && !string.Equals(identity.BaseUuid, expected, StringComparison.Ordinal))
        {
            throw new SyncSenderException(
                $"{peer} answers as instance '{identity.BaseUuid}', but SyncPeer.InstanceId expects '{expected}'. Nothing was changed.",
                identity.BaseUuid,
                [expected]);
        }

        return string.Equals(identity.BaseUuid, self, StringComparison.Ordinal)
            ? throw new InvalidOperationException($"{peer} answers as instance '{self}', which is this instance: a peer must have its own InstanceId.")
            : (identity, pushCoding);
    }

    /// <summary>Records where the peer was reached, once a row for it exists (the first pull creates it).</summary>
    private static async Task RecordUrlAsync(DbContext context, string peerId, SyncPeer peer, CancellationToken cancellationToken)
    {
        var url = peer.Url;
        await context.Set<SyncInstance>()
            .Where(i => i.BaseUuid == peerId && (i.Url == null || i.Url != url))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Url, url), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records where a pushed-to peer was reached, with a row of its own if it has none yet: a hub that only
    /// ever receives pushes must still be known by its url here. The new row's <c>sync_count</c> is 0 and its
    /// <c>last_update</c> the earliest time, which reads as "never imported from": the first pull is still whole.
    /// </summary>
    private static async Task RecordPushedPeerAsync(
        DbContext context, SyncInstanceIdentity identity, SyncPeer peer, CancellationToken cancellationToken)
    {
        var instances = context.Set<SyncInstance>();
        if (await instances.AnyAsync(i => i.BaseUuid == identity.BaseUuid, cancellationToken).ConfigureAwait(false))
        {
            await RecordUrlAsync(context, identity.BaseUuid, peer, cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = new SyncInstance
        {
            BaseUuid = identity.BaseUuid,
            Owner = identity.Owner is { Length: > 100 } owner ? owner[..100] : identity.Owner,
            Contact = identity.Contact,
            Url = peer.Url,
            LastUpdate = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
            SyncCount = 0,
        };
        instances.Add(row);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // An import from the peer wrote its row meanwhile: only the url is left to record.
            context.Entry(row).State = EntityState.Detached;
            await RecordUrlAsync(context, identity.BaseUuid, peer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, SyncPeer peer, string endpoint, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // The peer's problem details say why (the table, line and column of a refused file); a few KB is plenty.
        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (detail.Length > 4096)
        {
            detail = detail[..4096];
        }

        throw new HttpRequestException(
            $"{peer} answered {(int)response.StatusCode} ({response.ReasonPhrase}) to {endpoint}{(detail.Length == 0 ? "." : ": " + detail)}",
            inner: null,
            response.StatusCode);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{Transfer}")]
    private static partial void LogTransfer(ILogger logger, SyncTransfer transfer);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Pull from {Peer} broke off halfway, nothing was changed; pulling again (retry {Retry}).")]
    private static partial void LogPullCut(ILogger logger, SyncPeer peer, int retry, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Sync with {Peer} failed after {Elapsed}; the step that failed changed nothing.")]
    private static partial void LogFailed(ILogger logger, SyncPeer peer, TimeSpan elapsed, Exception exception);
}
