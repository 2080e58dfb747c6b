using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Hosting;
using Sahana.Sync.Storage;

namespace Sahana.Sync;

/// <summary>
/// Prunes the import history (<see cref="SyncImportRecord"/>, table <c>sync_import</c>) and the record of failed
/// imports (<see cref="SyncImportFailure"/>). The client's scheduler prunes on its own; a host without it calls
/// <see cref="PruneAsync"/> now and then. Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>.
/// </summary>
public sealed partial class SyncImportHistory
{
    /// <summary>The source of the row that stands for pruned imports.</summary>
    internal const string PrunedSource = "(pruned imports)";

    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal SyncImportHistory(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SyncImportHistory>();
    }

    /// <summary>
    /// Deletes the imports received before <see cref="SahanaSyncOptions.ImportRetention"/> ago and before the oldest
    /// peer's last sync (its <c>last_update</c>, less <see cref="SahanaSyncOptions.MaxClockSkew"/> for the two
    /// clocks), and the failed imports older than the retention. A delta for a peer reads only the history
    /// received since that peer's last sync, so every delta still finds what it needs.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the deletes.</param>
    /// <returns>How many rows of the import history were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        await _services.EnsureSchemaAsync(_context, cancellationToken).ConfigureAwait(false);
        var options = _services.Options;
        var now = _services.TimeProvider.GetUtcNow().UtcDateTime;
        var kept = now - options.ImportRetention;

        // A peer with no sync counted was only pushed to: nothing of its was imported, and its deltas come from
        // its own bookmark of this instance, which only the retention covers.
        var self = options.InstanceId;
        var oldestPeer = await _context.Set<SyncInstance>().AsNoTracking()
            .Where(i => i.BaseUuid != self && i.SyncCount > 0)
            .Select(i => (DateTime?)i.LastUpdate)
            .MinAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = oldestPeer is { } oldest && oldest - options.MaxClockSkew < kept
            ? DateTime.SpecifyKind(oldest - options.MaxClockSkew, DateTimeKind.Utc)
            : DateTime.SpecifyKind(kept, DateTimeKind.Utc);

        // The import history's pruning runs hourly with the scheduler: so does the fold, which keeps the log of
        // origins from growing where no peer asks for deltas.
        await SyncOrigins.FoldAsync(_context, cancellationToken).ConfigureAwait(false);
        var strategy = _context.Database.CreateExecutionStrategy();
        var imports = await strategy.ExecuteAsync(
            token => PruneImportsAsync(cutoff, token), cancellationToken).ConfigureAwait(false);
        var failedBefore = DateTime.SpecifyKind(kept, DateTimeKind.Utc);
        var failures = await _context.Set<SyncImportFailure>()
            .Where(r => r.FailedAt < failedBefore)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (imports + failures > 0)
        {
            LogPruned(_logger, imports, failures, cutoff);
        }

        return imports;
    }

    /// <summary>
    /// Deletes the imports received before <paramref name="cutoff"/> but the newest of them, which is kept to stand
    /// for them all: it takes their oldest change. A delta asked from before the cutoff (a peer that only pulls,
    /// and stayed away longer than the retention) then still reaches back to every stamp those imports wrote, as it
    /// did before they were pruned, instead of starting after them and missing their rows for good.
    /// </summary>
    private async Task<int> PruneImportsAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var database = _context.Database;
        if (database.CurrentTransaction is not null)
        {
            return await PruneImportsInTransactionAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }

        var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var deleted = await PruneImportsInTransactionAsync(cutoff, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted;
        }
    }

    private async Task<int> PruneImportsInTransactionAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var pruned = _context.Set<SyncImportRecord>().Where(r => r.ReceivedAt < cutoff);
        if (await pruned.MinAsync(r => r.OldestChange, cancellationToken).ConfigureAwait(false) is not { } oldest)
        {
            return await pruned.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var keeper = await pruned.OrderByDescending(r => r.ReceivedAt).Select(r => r.Id)
            .FirstAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await pruned.Where(r => r.Id != keeper)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Stands for the imports received before {cutoff:O}, pruned; the oldest change they wrote was stamped "
            + $"{oldest:O}.");
        await _context.Set<SyncImportRecord>().Where(r => r.Id == keeper).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.OldestChange, oldest)
                .SetProperty(r => r.Source, PrunedSource)
                .SetProperty(r => r.Summary, summary),
            cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    [LoggerMessage(
        EventId = 41,
        Level = LogLevel.Information,
        Message = "Import history pruned: {Imports} imports received before {Cutoff:O} and {Failures} failed imports "
            + "deleted.")]
    private static partial void LogPruned(ILogger logger, int imports, int failures, DateTime cutoff);
}
