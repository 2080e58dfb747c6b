using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Hosting;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;

namespace Sahana.Sync;

/// <summary>
/// Repairs an instance whose own stamps ran ahead: its clock was wrong (a dead clock battery, local time
/// entered as UTC), it saved rows stamped in the future, then the clock was corrected. Other instances
/// refuse its files (<see cref="SyncClockException"/>) and its own clock would keep stamping from the wrong
/// time. Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>, bound to that context.
/// </summary>
/// <remarks>
/// Run the repair on every instance that holds such rows (<see cref="InspectAsync"/> shows them), those that
/// imported them as well, before the rows are edited again elsewhere: a re-stamped row is as new as the
/// repair, so it wins over an edit made on another instance before it.
/// </remarks>
public sealed partial class SyncClockRepair
{
    private static readonly MethodInfo FutureStampsMethod =
        typeof(SyncClockRepair).GetMethod(nameof(FutureStampsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo RestampMethod =
        typeof(SyncClockRepair).GetMethod(nameof(RestampAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal SyncClockRepair(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SyncClockRepair>();
    }

    /// <summary>Counts the rows stamped after this instance's wall clock, and finds the newest stamp.</summary>
    /// <param name="cancellationToken">A token to cancel the look.</param>
    /// <returns>What was found; <see cref="SyncClockStatus.NeedsRepair"/> says whether others refuse it.</returns>
    public async Task<SyncClockStatus> InspectAsync(CancellationToken cancellationToken = default)
    {
        var now = WallClock();
        var stamps = await FutureStampsAsync(now, cancellationToken).ConfigureAwait(false);
        var newest = stamps.Count == 0 ? (DateTime?)null : stamps.Max(s => s.Stamp);
        return new SyncClockStatus(stamps.Count, newest, now, _services.Options.MaxClockSkew);
    }

    /// <summary>
    /// Gives every row stamped after this instance's wall clock a new stamp, now, in the order of their old
    /// stamps across all tables and one microsecond apart, in one transaction; then winds this instance's
    /// clock back, so the next save is stamped now rather than where the wrong clock left it.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the repair; database and clock then stay as they were.</param>
    /// <returns>The number of rows re-stamped.</returns>
    /// <remarks>
    /// Every stamped row counts, tables kept local included: the clock is wound back below all of them. The
    /// re-stamped rows travel with the next export like any edit. A row saved while the repair runs may keep
    /// a future stamp; <see cref="InspectAsync"/> then shows it, and the repair can run again.
    /// </remarks>
    public async Task<int> RestampFutureRowsAsync(CancellationToken cancellationToken = default)
    {
        var clock = _services.Clock;
        var database = _context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = WallClock();
            var wrongClock = clock.Last;
            var transaction = database.CurrentTransaction is null
                ? await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                : null;
            List<FutureStamp> stamps;
            try
            {
                stamps = await FutureStampsAsync(now, cancellationToken).ConfigureAwait(false);

                // Old order first; equal stamps (two tables, one microsecond) in an order every instance shares.
                stamps.Sort(static (a, b) => a.Stamp != b.Stamp ? a.Stamp.CompareTo(b.Stamp)
                    : string.CompareOrdinal(a.Type.Name, b.Type.Name) is var byType and not 0 ? byType
                    : string.CompareOrdinal(a.Uuid, b.Uuid));
                for (var i = 0; i < stamps.Count; i++)
                {
                    var restamped = now.AddTicks((i + 1) * HybridLogicalClock.TicksPerStep);
                    var task = (Task)RestampMethod.MakeGenericMethod(stamps[i].Type.ClrType)
                        .Invoke(null, [_context, stamps[i].Type, stamps[i].Uuid, restamped, cancellationToken])!;
                    await task.ConfigureAwait(false);
                }

                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }

            // Only after the commit. Rewind marks the clock seeded, so seeding from the database cannot undo it.
            var last = now.AddTicks(stamps.Count * HybridLogicalClock.TicksPerStep);
            clock.Rewind(last);
            var newest = stamps.Count == 0 ? now : stamps[^1].Stamp;
            LogRepaired(_logger, stamps.Count, DurationText.Describe(newest - now), now, last, wrongClock);
            return stamps.Count;
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private DateTime WallClock() => HybridLogicalClock.Truncate(_services.TimeProvider.GetUtcNow().UtcDateTime);

    private async Task<List<FutureStamp>> FutureStampsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var stamps = new List<FutureStamp>();
        foreach (var entityType in SyncedEntityTypes.Roots(_context.Model.GetEntityTypes()))
        {
            var query = (Task<List<FutureStamp>>)FutureStampsMethod.MakeGenericMethod(entityType.ClrType)
                .Invoke(null, [_context, entityType, now, cancellationToken])!;
            stamps.AddRange(await query.ConfigureAwait(false));
        }

        return stamps;
    }

    private static async Task<List<FutureStamp>> FutureStampsAsync<TEntity>(
        DbContext context,
        IEntityType type,
        DateTime now,
        CancellationToken cancellationToken)
        where TEntity : class, ISyncableEntity
    {
        var after = SyncedEntityTypes.AsStoredStamp(type, now);
        var rows = await context.Set<TEntity>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.ModifiedOn > after)
            .Select(e => new { e.Uuid, e.ModifiedOn })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r =>
            new FutureStamp(type, r.Uuid, DateTime.SpecifyKind(r.ModifiedOn, DateTimeKind.Utc)));
    }

    private static async Task RestampAsync<TEntity>(
        DbContext context,
        IEntityType type,
        string uuid,
        DateTime stamp,
        CancellationToken cancellationToken)
        where TEntity : class, ISyncableEntity
    {
        var stored = SyncedEntityTypes.AsStoredStamp(type, stamp);
        await context.Set<TEntity>().IgnoreQueryFilters()
            .Where(e => e.Uuid == uuid)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ModifiedOn, stored), cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(
        EventId = 40,
        Level = LogLevel.Warning,
        Message = "Sahana.Sync clock repair re-stamped {Rows} rows stamped up to {Ahead} ahead of the wall clock, from "
            + "{From:O} to {To:O}; the clock was wound back from {WrongClock:O}.")]
    private static partial void LogRepaired(
        ILogger logger,
        int rows,
        string ahead,
        DateTime from,
        DateTime to,
        DateTime wrongClock);

    private readonly record struct FutureStamp(IEntityType Type, string Uuid, DateTime Stamp);
}
