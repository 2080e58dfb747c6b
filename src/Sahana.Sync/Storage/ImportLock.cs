using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Storage;

/// <summary>
/// Makes imports into one database take turns. Two imports carrying the same new rows would otherwise meet
/// on the unique uuid index: the second waits inside the database for the first to commit, then fails with a
/// unique violation. With turns, the second begins its merge after the first committed, finds the rows, and
/// changes nothing.
/// </summary>
/// <remarks>
/// How the turn is taken is the dialect's (<see cref="SqlDialect.TakeImportTurnAsync"/>). PostgreSQL: right after
/// the import's transaction begins (or joins the caller's), a transaction-level advisory lock on <see cref="Key"/>,
/// released by the commit or rollback, its wait bounded by <see cref="SahanaSyncOptions.ImportLockTimeout"/>.
/// SQLite: the import's write transaction (<c>BEGIN IMMEDIATE</c>) is the lock; the wait is the connection's busy
/// timeout (<c>Default Timeout</c> in the connection string, 30 s unless set).
/// Either way a wait that runs out is a <see cref="SyncConcurrencyException"/>: nothing was changed.
/// </remarks>
internal static class ImportLock
{
    /// <summary>
    /// The advisory lock's key, the same in every database and process: the first 8 bytes of
    /// SHA-256("sahana_sync.import") read as a big-endian signed 64-bit integer (2208806640770824509).
    /// A host that wants to keep imports out for a while may hold it:
    /// <c>SELECT pg_advisory_xact_lock(2208806640770824509)</c>.
    /// </summary>
    internal const long Key = 0x1EA7_41EF_E0AB_393D;

    /// <summary>
    /// Begins the import's own transaction unless the caller has one, and waits for the import's turn.
    /// Returns the transaction begun here, which the caller commits and disposes, or null when the caller's is joined.
    /// </summary>
    internal static async Task<IDbContextTransaction?> BeginAsync(
        DbContext context, SqlDialect dialect, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var database = context.Database;
        IDbContextTransaction? own = null;
        if (database.CurrentTransaction is null)
        {
            try
            {
                own = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.BusyAtBegin(e) is { } busy)
            {
                throw busy;
            }
        }

        try
        {
            await dialect.TakeImportTurnAsync(new CommandRunner(context), timeout, cancellationToken)
                .ConfigureAwait(false);
            return own;
        }
        catch
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }
}
