using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Hosting;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// The synced context as the page sees it, for one request: this instance's options, the plan, the peers,
/// the import history, and the exporter and engine bound to the context.
/// </summary>
internal sealed class SyncPageSite(
    SyncScope scope,
    SyncExporter exporter,
    UuidMergeEngine engine,
    SyncClockRepair clock,
    SyncConflictLog conflicts)
{
    private readonly DbContext _context = scope.Context;

    internal SahanaSyncOptions Instance { get; } = scope.Options;

    /// <summary>Gets the fingerprint of this instance's signing key, or null when it signs nothing.</summary>
    internal string? KeyFingerprint { get; } = scope.PublicKey is { } key ? Signing.KeyFingerprint.Of(key) : null;

    internal SyncExporter Exporter { get; } = exporter;

    internal UuidMergeEngine Engine { get; } = engine;

    internal SyncPlan Plan => Exporter.Plan;

    /// <summary>Gets the repair for rows stamped ahead of this machine's clock.</summary>
    internal SyncClockRepair Clock { get; } = clock;

    /// <summary>Gets the conflict log: the edits that lost a conflict here.</summary>
    internal SyncConflictLog Conflicts { get; } = conflicts;

    /// <summary>A page of the open entries of the conflict log, newest first.</summary>
    internal async Task<ConflictLogPage> ConflictPageAsync(int page, CancellationToken cancellationToken)
    {
        var open = await Conflicts.CountAsync(SyncConflictState.Open, cancellationToken).ConfigureAwait(false);
        var entries = await Conflicts.ListAsync(
            SyncConflictState.Open, page * ConflictLogView.PageSize, ConflictLogView.PageSize, cancellationToken).ConfigureAwait(false);
        return new ConflictLogPage(open, page, entries);
    }

    /// <summary>Every peer, the most recently synced first.</summary>
    internal async Task<IReadOnlyList<SyncInstance>> PeersAsync(CancellationToken cancellationToken)
    {
        await scope.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var peers = await _context.Set<SyncInstance>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here: SQLite cannot order by a DateTime stored as text reliably across formats.
        return [.. peers.OrderByDescending(p => p.LastUpdate).ThenBy(p => p.BaseUuid, StringComparer.Ordinal)];
    }

    /// <summary>The peer's <c>last_update</c>, or null for an instance that never sent a file here.</summary>
    internal Task<DateTime?> LastUpdateOfAsync(string baseUuid, CancellationToken cancellationToken)
        => scope.LastUpdateOfAsync(baseUuid, cancellationToken);

    /// <summary>
    /// The latest committed imports, newest first: ordered by this instance's clock at commit, which never
    /// goes backwards, where the wall clock might.
    /// </summary>
    internal async Task<IReadOnlyList<SyncImportRecord>> RecentImportsAsync(int count, CancellationToken cancellationToken)
        => await _context.Set<SyncImportRecord>().AsNoTracking()
            .OrderByDescending(r => r.ReceivedAt)
            .Take(count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The latest failed imports, newest first (by the wall clock: a failure moves no logical clock).</summary>
    internal async Task<IReadOnlyList<SyncImportFailure>> RecentFailuresAsync(int count, CancellationToken cancellationToken)
        => await _context.Set<SyncImportFailure>().AsNoTracking()
            .OrderByDescending(r => r.FailedAt)
            .ThenByDescending(r => r.Id)
            .Take(count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
}
