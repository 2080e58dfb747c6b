using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Model;

namespace Sahana.Sync.Stamping;

/// <summary>
/// Moves a fresh clock past the newest stamp already stored, so stamps keep rising across restarts even
/// when the wall clock was set back in between. One indexed <c>MAX</c> per synced table, once per process.
/// </summary>
internal static class ClockSeeder
{
    private static readonly MethodInfo NewestStampMethod =
        typeof(ClockSeeder).GetMethod(nameof(NewestStampAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Seeds the clock; with <paramref name="async"/> false every query runs synchronously and the task is already complete.</summary>
    internal static async Task SeedAsync(HybridLogicalClock clock, DbContext context, bool async, CancellationToken cancellationToken)
    {
        if (clock.IsSeeded)
        {
            return;
        }

        foreach (var entityType in SyncedEntityTypes.Roots(context.Model.GetEntityTypes()))
        {
            var query = (Task<DateTime?>)NewestStampMethod.MakeGenericMethod(entityType.ClrType)
                .Invoke(null, [context, async, cancellationToken])!;
            if (await query.ConfigureAwait(false) is { } newest)
            {
                clock.Observe(newest);
            }
        }

        clock.MarkSeeded();
    }

    private static async Task<DateTime?> NewestStampAsync<TEntity>(DbContext context, bool async, CancellationToken cancellationToken)
        where TEntity : class, ISyncableEntity
    {
        var stamps = context.Set<TEntity>().IgnoreQueryFilters().Select(e => (DateTime?)e.ModifiedOn);
        return async ? await stamps.MaxAsync(cancellationToken).ConfigureAwait(false) : stamps.Max();
    }
}
