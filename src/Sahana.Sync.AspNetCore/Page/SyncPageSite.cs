using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// The synced context as the page sees it, for one request: this instance's options, the plan, the peers,
/// the import history, and the exporter and engine bound to the context.
/// </summary>
internal sealed class SyncPageSite(DbContext context, SahanaSyncOptions instance, SyncExporter exporter, UuidMergeEngine engine)
{
    internal SahanaSyncOptions Instance { get; } = instance;

    internal SyncExporter Exporter { get; } = exporter;

    internal UuidMergeEngine Engine { get; } = engine;

    internal SyncPlan Plan => Exporter.Plan;

    /// <summary>
    /// The name under which <c>AddSahanaSync&lt;TContext&gt;()</c> registers the context's options.
    /// Note: it must stay what the core uses; the page test that shows the instance id guards it.
    /// </summary>
    internal static string OptionsNameFor<TContext>()
        where TContext : DbContext
        => typeof(TContext).FullName ?? typeof(TContext).Name;

    /// <summary>Every peer, the most recently synced first.</summary>
    internal async Task<IReadOnlyList<SyncInstance>> PeersAsync(CancellationToken cancellationToken)
    {
        var peers = await context.Set<SyncInstance>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here: SQLite cannot order by a DateTime stored as text reliably across formats.
        return [.. peers.OrderByDescending(p => p.LastUpdate).ThenBy(p => p.BaseUuid, StringComparer.Ordinal)];
    }

    internal Task<SyncInstance?> FindPeerAsync(string baseUuid, CancellationToken cancellationToken)
        => context.Set<SyncInstance>().AsNoTracking().FirstOrDefaultAsync(p => p.BaseUuid == baseUuid, cancellationToken);

    /// <summary>
    /// The latest committed imports, newest first: ordered by this instance's clock at commit, which never
    /// goes backwards, where the wall clock might.
    /// </summary>
    internal async Task<IReadOnlyList<SyncImportRecord>> RecentImportsAsync(int count, CancellationToken cancellationToken)
        => await context.Set<SyncImportRecord>().AsNoTracking()
            .OrderByDescending(r => r.ReceivedAt)
            .Take(count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
}
