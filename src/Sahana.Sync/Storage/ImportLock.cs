using System.Data.Common;
using System.Globalization;
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
/// PostgreSQL: right after the import's transaction begins (or joins the caller's), a transaction-level
/// advisory lock on <see cref="Key"/>, released by the commit or rollback. The wait is bounded by
/// <c>lock_timeout</c>, set to <see cref="SahanaSyncOptions.ImportLockTimeout"/> for that one statement and put
/// back after it. SQLite: the import's write transaction (<c>BEGIN IMMEDIATE</c>) is the lock; the wait is the
/// connection's busy timeout (<c>Default Timeout</c> in the connection string, 30 s unless set).
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

    // One round trip: keep the caller's lock_timeout, bound the wait, take the lock, put lock_timeout back.
    // The saved value lives in a placeholder setting local to the transaction.
    private const string Acquire = """
        SELECT set_config('sahana_sync.lock_timeout', current_setting('lock_timeout'), true);
        SELECT set_config('lock_timeout', @timeout, true);
        SELECT pg_advisory_xact_lock(@key);
        SELECT set_config('lock_timeout', current_setting('sahana_sync.lock_timeout'), true);
        """;


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
            catch (DbException e) when (dialect.Turns == ImportTurns.WriteLock && IsBusy(e))
            {
                throw new SyncConcurrencyException(
                    "Another import or writer held this SQLite database's write lock for longer than the "
                    + "connection's busy timeout (Default Timeout in the connection string). "
                    + "Nothing was changed; import the file again.",
                    e);
            }
        }

        if (dialect.Turns != ImportTurns.AdvisoryLock)
        {
            return own;
        }

        try
        {
            await AcquireAsync(new CommandRunner(context), timeout, cancellationToken).ConfigureAwait(false);
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

    private static async Task AcquireAsync(CommandRunner runner, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // lock_timeout is in whole milliseconds, and 0 would mean no bound at all.
        var milliseconds = (long)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
        var command = runner.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Acquire;
            Add(command, "timeout", milliseconds.ToString(CultureInfo.InvariantCulture));
            Add(command, "key", Key);
            try
            {
                await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncConcurrencyException e) when (e.InnerException is DbException { SqlState: "55P03" } timedOut)
            {
                throw new SyncConcurrencyException(
                    FormattableString.Invariant($"Another import into this database held the import lock ({Key}) ")
                    + FormattableString.Invariant($"for longer than SahanaSyncOptions.ImportLockTimeout ({timeout}). ")
                    + "Nothing was changed; import the file again once it has finished.",
                    timedOut);
            }
        }
    }

    /// <summary>
    /// Whether SQLite gave up waiting for another connection's write lock: SQLITE_BUSY (5) or SQLITE_LOCKED (6).
    /// The code is a property of the provider's own exception type, which this package does not reference.
    /// </summary>
    private static bool IsBusy(DbException exception)
        => exception.GetType().GetProperty("SqliteErrorCode")?.GetValue(exception) is 5 or 6;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
