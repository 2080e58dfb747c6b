using System.Diagnostics;
using System.Globalization;

namespace Sahana.Sync.HubLoad;

/// <summary>
/// The load test: the hub, the sites editing and syncing on their schedule for the duration, two quiet rounds,
/// then every site compared with the hub. Every loop is bounded in count and in time, and the run stops by itself.
/// </summary>
internal static class LoadRun
{
    /// <summary>How long the two quiet rounds may take together; a sync still going then counts as failed.</summary>
    private static readonly TimeSpan QuietBudget = TimeSpan.FromMinutes(15);

    /// <summary>Runs the test; 0 when every site ends identical to the hub and no sync failed after its retries.</summary>
    public static async Task<int> RunAsync(LoadSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("sahana-hubload-").FullName;
        Console.WriteLine($"settings: {settings} sqlite_folder={folder}");
        Console.WriteLine($"load at start: {Load()}");
        var log = new EditLog();
        await using var hub = await LoadHub.StartAsync(settings.Postgres);
        var sites = new List<LoadSite>(settings.Sites);
        try
        {
            var setup = Stopwatch.StartNew();
            for (var i = 0; i < settings.Sites; i++)
            {
                sites.Add(await LoadSite.CreateAsync(i, settings.Sites, folder, hub.Address, settings.Seed + i));
            }

            foreach (var site in sites)
            {
                await site.SeedAsync(settings.InitialRows, log);
            }

            Console.WriteLine(FormattableString.Invariant($"setup: {sites.Count} sites, {log.Rows} rows, {setup.Elapsed.TotalSeconds:F1} s"));

            var watch = new DatabaseWatch(hub.ConnectionString);
            using var stopWatching = new CancellationTokenSource();
            var watching = watch.RunAsync(stopWatching.Token);

            var load = new LoadStats();
            var elapsed = Stopwatch.StartNew();
            var deadline = DateTime.UtcNow + settings.Duration;

            // A hard stop well after the deadline: a sync that hangs cannot keep the run going.
            using var hardStop = new CancellationTokenSource(settings.Duration + TimeSpan.FromMinutes(5));
            await Task.WhenAll(sites.Select(site => SiteLoopAsync(site, settings, deadline, load, log, hardStop.Token)));
            var loadTime = elapsed.Elapsed;
            Console.WriteLine(load.Describe("load", loadTime));
            Console.WriteLine($"load at end of the load phase: {Load()}");

            // The quiet rounds have a budget of their own: every site syncs twice, the hub takes no edits.
            var quiet = new LoadStats();
            var quietTime = Stopwatch.StartNew();
            using var quietStop = new CancellationTokenSource(QuietBudget);
            for (var round = 0; round < 2; round++)
            {
                await QuietRoundAsync(sites, settings, quiet, quietStop.Token);
            }

            Console.WriteLine(quiet.Describe("quiet rounds", quietTime.Elapsed));
            await stopWatching.CancelAsync();
            await watching;
            foreach (var line in await watch.DescribeAsync())
            {
                Console.WriteLine(line);
            }

            foreach (var error in load.Errors.Concat(quiet.Errors).Distinct().Take(10))
            {
                Console.WriteLine($"failed attempt: {error}");
            }

            var converged = await CompareAsync(hub, sites, log);
            var shared = log.WrittenAtTwoSites / (double)Math.Max(1, log.Rows);
            Console.WriteLine(FormattableString.Invariant(
                $"rows written at two sites: {log.WrittenAtTwoSites} of {log.Rows} ({shared:P1})"));
            var failed = load.FailedAfterRetries + quiet.FailedAfterRetries;
            var ok = converged && failed == 0 && shared >= 0.10;
            Console.WriteLine(ok ? "RESULT: PASS" : $"RESULT: FAIL (converged={converged}, failed_after_retries={failed}, shared={shared:P1})");
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var site in sites)
            {
                await site.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One site's schedule: a random start within the first interval, then edit and sync every interval until the deadline.</summary>
    private static async Task SiteLoopAsync(
        LoadSite site, LoadSettings settings, DateTime deadline, LoadStats stats, EditLog log, CancellationToken hardStop)
    {
        var random = new Random(settings.Seed * 7919 + site.Id.GetHashCode(StringComparison.Ordinal));
        var next = DateTime.UtcNow + settings.Interval * random.NextDouble();
        var maxTicks = (int)Math.Ceiling(settings.Duration / settings.Interval) + 1;
        for (var tick = 0; tick < maxTicks && !hardStop.IsCancellationRequested; tick++)
        {
            var wait = next - DateTime.UtcNow;
            if (next >= deadline)
            {
                return;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, hardStop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            next += settings.Interval;
            if (tick > 0)
            {
                await site.EditAsync(tick, settings.InsertsPerTick, settings.UpdatesPerTick, log);
            }

            await SyncWithRetriesAsync(site, settings, stats, hardStop);
        }
    }

    private static async Task QuietRoundAsync(List<LoadSite> sites, LoadSettings settings, LoadStats stats, CancellationToken hardStop)
    {
        using var gate = new SemaphoreSlim(settings.QuietParallelism);
        await Task.WhenAll(sites.Select(async site =>
        {
            try
            {
                await gate.WaitAsync(hardStop);
            }
            catch (OperationCanceledException)
            {
                stats.FailedAfterAllRetries();
                return;
            }

            try
            {
                await SyncWithRetriesAsync(site, settings, stats, hardStop);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task SyncWithRetriesAsync(LoadSite site, LoadSettings settings, LoadStats stats, CancellationToken hardStop)
    {
        for (var attempt = 0; attempt <= settings.Retries; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var exchange = await site.SyncAsync(hardStop);
                stats.Succeeded(Stopwatch.GetElapsedTime(started), exchange);
                return;
            }
            catch (Exception e) when (!hardStop.IsCancellationRequested)
            {
                stats.AttemptFailed(e);
                if (!await PauseAsync(TimeSpan.FromSeconds(Math.Pow(2, attempt)), hardStop))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                // Out of time: the run failed, and is counted so.
                stats.AttemptFailed(new TimeoutException($"{site.Id}: the run's time budget ran out."));
                break;
            }
        }

        stats.FailedAfterAllRetries();
    }

    private static async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Every site against the hub, by uuid; and every row ever created once at the hub, under one uuid.</summary>
    private static async Task<bool> CompareAsync(LoadHub hub, List<LoadSite> sites, EditLog log)
    {
        var hubRows = await hub.WithContextAsync(RowState.ReadAsync);
        var byUuid = hubRows.ToDictionary(r => r.Uuid, StringComparer.Ordinal);
        var duplicated = hubRows.GroupBy(r => r.Name, StringComparer.Ordinal).Count(g => g.Count() > 1);
        var lost = log.Rows - hubRows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count();
        int differing = 0, missing = 0, extra = 0, sitesDiffering = 0;
        foreach (var site in sites)
        {
            var rows = await site.RowsAsync();
            var siteMissing = byUuid.Count - rows.Count(r => byUuid.ContainsKey(r.Uuid));
            var siteExtra = rows.Count(r => !byUuid.ContainsKey(r.Uuid));
            var siteDiffering = rows.Count(r => byUuid.TryGetValue(r.Uuid, out var h) && h != r);
            duplicated += rows.GroupBy(r => r.Name, StringComparer.Ordinal).Count(g => g.Count() > 1);
            missing += siteMissing;
            extra += siteExtra;
            differing += siteDiffering;
            if (siteMissing + siteExtra + siteDiffering > 0)
            {
                sitesDiffering++;
                if (sitesDiffering <= 3)
                {
                    Console.WriteLine($"site {site.Id} differs: {siteMissing} missing, {siteExtra} extra, {siteDiffering} with other values");
                }
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"convergence: hub_rows={hubRows.Count} tombstones={hubRows.Count(r => r.Deleted)} created={log.Rows} "
                + $"lost={lost} duplicated={duplicated} sites_differing={sitesDiffering} rows_missing_at_sites={missing} "
                + $"rows_extra_at_sites={extra} rows_differing_at_sites={differing}"));
        return lost == 0 && duplicated == 0 && sitesDiffering == 0;
    }

    private static string Load()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
