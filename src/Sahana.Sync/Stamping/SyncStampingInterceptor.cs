using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Stamping;

/// <summary>
/// Stamps synced entities as the host saves them: a uuid for new rows, <see cref="ISyncableEntity.ModifiedOn"/>
/// from the hybrid logical clock on every insert and update, and a tombstone instead of a delete, so that
/// every change the host makes can travel. Each save's stamps are claimed (<see cref="UncommittedStamps"/>) until
/// its transaction ends, so an export meanwhile gives a bookmark that its peer's next delta reaches back past.
/// </summary>
internal sealed partial class SyncStampingInterceptor(
    HybridLogicalClock clock,
    UncommittedStamps uncommitted,
    SahanaSyncOptions options,
    TimeProvider timeProvider,
    ILogger<SyncStampingInterceptor> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, UncommittedStamps.Claim> _claims = [];
    private readonly ConditionalWeakTable<DbContext, DatabaseFacade> _opened = [];

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

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndClaim(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndClaim(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndClaim(eventData.Context);

    public override Task SaveChangesFailedAsync(
        DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndClaim(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => EndClaim(eventData.Context);

    public override Task SaveChangesCanceledAsync(
        DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        EndClaim(eventData.Context);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        uncommitted.Began(result);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection,
        TransactionEndEventData eventData,
        DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        uncommitted.Began(result);
        return ValueTask.FromResult(result);
    }

    // The save has committed, rolled back, or left its rows in a transaction its caller ends later.
    private void EndClaim(DbContext? context)
    {
        if (context is null || !_claims.TryGetValue(context, out var claim))
        {
            return;
        }

        if (_opened.TryGetValue(context, out var database))
        {
            _opened.Remove(context);
            database.CloseConnection();
        }

        _claims.Remove(context);
        if (context.Database.CurrentTransaction is { } transaction)
        {
            claim.Until(transaction.GetDbTransaction());
        }
        else if (System.Transactions.Transaction.Current is { } ambient)
        {
            claim.Until(ambient);
        }
        else
        {
            claim.Close();
        }
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

        // Before the first stamp, so every stamp of this save is newer than the claim.
        if (!_claims.TryGetValue(context, out _))
        {
            await OpenBeforeStampingAsync(context, async, cancellationToken).ConfigureAwait(false);
            _claims.Add(context, uncommitted.Open());
        }

        foreach (var entry in pending)
        {
            Stamp(entry);
        }
    }

    // Another node's export sees this save once its transaction shows in the database, and the wait for a pooled
    // connection can be long under load: stamps taken before that wait would be older than the database knows.
    private async Task OpenBeforeStampingAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (SqlDialect.Find(database.ProviderName) is not { SharedByOtherProcesses: true }
            || database.GetDbConnection().State != ConnectionState.Closed)
        {
            return;
        }

        if (async)
        {
            await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            database.OpenConnection();
        }

        _opened.Add(context, database);
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

        if (entry.State == EntityState.Modified)
        {
            // Another app node on the same database may have stamped this row with a clock ahead of ours: the new
            // version must still be newer than the one it replaces, or peers that have that one keep it.
            clock.Observe(entry.Property(e => e.ModifiedOn).OriginalValue);
        }

        entity.ModifiedOn = SyncedEntityTypes.AsStoredStamp(entry.Metadata, clock.Next());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sahana.Sync clock for {Context} seeded from the newest stamp in the database.")]
    private static partial void LogClockSeeded(ILogger logger, string context);
}
