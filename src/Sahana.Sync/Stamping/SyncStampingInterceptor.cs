using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Model;

namespace Sahana.Sync.Stamping;

/// <summary>
/// Stamps synced entities as the host saves them: a uuid for new rows, <see cref="ISyncableEntity.ModifiedOn"/>
/// from the hybrid logical clock on every insert and update, and a tombstone instead of a delete, so that
/// every change the host makes can travel.
/// </summary>
internal sealed partial class SyncStampingInterceptor(
    HybridLogicalClock clock,
    SahanaSyncOptions options,
    TimeProvider timeProvider,
    ILogger<SyncStampingInterceptor> logger) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            StampAsync(context, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await StampAsync(context, async: true, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task StampAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        // Attached twice (the host's AddSahanaSync and optionsBuilder.UseSahanaSync), only the owner stamps.
        var extension = context.GetService<IDbContextOptions>().FindExtension<SahanaSyncOptionsExtension>();
        if (extension is { Services: { } owner } && owner.Clock != clock)
        {
            return;
        }

        // EF detects changes after this interceptor runs; stamping needs to see them now.
        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }

        var pending = context.ChangeTracker.Entries<ISyncableEntity>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        if (!clock.IsSeeded)
        {
            await ClockSeeder.SeedAsync(clock, context, async, cancellationToken).ConfigureAwait(false);
            LogClockSeeded(logger, context.GetType().Name);
        }

        foreach (var entry in pending)
        {
            Stamp(entry);
        }
    }

    private void Stamp(EntityEntry<ISyncableEntity> entry)
    {
        var entity = entry.Entity;
        switch (entry.State)
        {
            case EntityState.Added:
                if (string.IsNullOrWhiteSpace(entity.Uuid))
                {
                    entity.Uuid = options.UuidGenerator?.Invoke() ?? Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("D");
                }

                break;
            case EntityState.Deleted when options.TombstoneOnRemove:
                // A deleted row cannot travel; a tombstone can, and an edit newer than it brings the row back.
                entry.State = EntityState.Modified;
                entity.Deleted = true;
                break;
            case EntityState.Deleted:
                return;
        }

        entity.ModifiedOn = SyncedEntityTypes.AsStoredStamp(entry.Metadata, clock.Next());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sahana.Sync clock for {Context} seeded from the newest stamp in the database.")]
    private static partial void LogClockSeeded(ILogger logger, string context);
}
