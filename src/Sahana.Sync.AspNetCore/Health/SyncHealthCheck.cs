using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sahana.Sync.Hosting;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// Whether every peer synced within <see cref="SyncHealthCheckOptions.MaxSyncAge"/>, and whether the scheduler's
/// last run with each configured peer succeeded. The peers are those in <c>sync_instance</c> and those the
/// scheduler syncs with; a peer's last sync is the last file imported from it (<c>sync_import</c>).
/// </summary>
internal sealed class SyncHealthCheck(
    IServiceScopeFactory scopes,
    IOptionsMonitor<SyncHealthCheckOptions> options,
    TimeProvider time,
    SyncClientOptions? client,
    SyncRunLog? runs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Get(context.Registration.Name);
        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now - settings.MaxSyncAge;
        var peers = await LastSyncsAsync(cancellationToken).ConfigureAwait(false);

        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var stale = new List<string>();
        var failed = new List<string>();
        foreach (var (peer, (_, last)) in peers)
        {
            data[peer] = last is { } at ? at : "never";
            if (last < oldest)
            {
                stale.Add(string.Create(CultureInfo.InvariantCulture, $"'{peer}' last synced at {last:O}"));
            }
        }

        foreach (var peer in client?.Interval is null ? [] : client.Peers)
        {
            var run = runs?.Last(peer);
            var id = peer.InstanceId ?? run?.PeerId
                ?? peers.FirstOrDefault(p => p.Value.Url == peer.Url).Key ?? peer.ToString();
            if (!peers.ContainsKey(id))
            {
                // A scheduled peer this instance never heard from is overdue once the scheduler ran for MaxSyncAge.
                var last = run?.LastSucceeded;
                data[id] = last is { } at ? at : "never";
                if (last is null && runs is not null && runs.Started < oldest)
                {
                    stale.Add($"'{id}' never synced");
                }
            }

            if (run is { Failed: true })
            {
                data[id + ".last_run"] = string.Create(
                    CultureInfo.InvariantCulture, $"failed at {run.At:O}: {run.Error}");
                failed.Add(string.Create(CultureInfo.InvariantCulture, $"'{id}' at {run.At:O} ({run.Error})"));
            }
        }

        if (stale.Count == 0 && failed.Count == 0)
        {
            return HealthCheckResult.Healthy(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Every peer synced within {settings.MaxSyncAge} ({data.Count} peer(s))."),
                data);
        }

        var text = new StringBuilder();
        if (stale.Count > 0)
        {
            text.Append(
                CultureInfo.InvariantCulture, $"Not synced within {settings.MaxSyncAge}: {string.Join(", ", stale)}. ");
        }

        if (failed.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Last scheduled run failed: {string.Join(", ", failed)}.");
        }

        var status = stale.Count > 0 ? context.Registration.FailureStatus : settings.FailedRunStatus;
        return new HealthCheckResult(status, text.ToString().TrimEnd(), data: data);
    }

    /// <summary>Every peer in <c>sync_instance</c> with when a file from it was last imported here (UTC).</summary>
    private async Task<Dictionary<string, (string? Url, DateTime? Last)>> LastSyncsAsync(
        CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var sync = scope.ServiceProvider.GetService<SyncScope>() ?? throw new SyncConfigurationException(
                "AddSahanaSyncHealthChecks() needs services.AddSahanaSync<TContext>(…): "
                + "it reads the context's sync_instance.");
            var self = sync.Options.InstanceId;
            var instances = await sync.Context.Set<SyncInstance>().AsNoTracking()
                .Where(i => i.BaseUuid != self)
                .Select(i => new { i.BaseUuid, i.Url, i.LastUpdate })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var imports = await sync.Context.Set<SyncImportRecord>().AsNoTracking()
                .Where(r => r.Sender != null && !r.Restore)
                .GroupBy(r => r.Sender!)
                .Select(g => new { Sender = g.Key, Last = g.Max(r => r.FinishedAt) })
                .ToDictionaryAsync(g => g.Sender, g => g.Last, StringComparer.Ordinal, cancellationToken)
                .ConfigureAwait(false);

            // Rows imported before the import history existed have only the peer's export timestamp, on its clock.
            return instances.ToDictionary(
                i => i.BaseUuid,
                i => (i.Url, (DateTime?)DateTime.SpecifyKind(
                    imports.TryGetValue(i.BaseUuid, out var last) ? last : i.LastUpdate, DateTimeKind.Utc)),
                StringComparer.Ordinal);
        }
    }
}
