using System.Data.Common;

namespace Sahana.Sync.Storage;

/// <summary>
/// Runs a statement that locks the rows it reads without waiting (<c>NOWAIT</c>) and, while another
/// transaction holds one of them, tries again from a savepoint after a short pause. The import thus never
/// waits inside the database for a lock, so it is never part of a deadlock, yet a host's transaction of a
/// few milliseconds only delays it; one that holds its rows for seconds makes it give up.
/// </summary>
internal static class LockWait
{
    private const string Savepoint = "sahana_sync_lock";

    /// <summary>How long the import waits out rows another transaction holds, in all, before it gives up.</summary>
    internal static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    internal static async Task<T> RetryAsync<T>(
        DbTransaction transaction, string table, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var pause = TimeSpan.FromMilliseconds(5);
            ;
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks)))
        {
            await transaction.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await read().ConfigureAwait(false);
                await transaction.ReleaseAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (Exception e)
                when ((e as DbException ?? e.InnerException as DbException) is { SqlState: "55P03" } locked)
            {
                // PostgreSQL reports a locked row when the reader reaches it: from the command, or from a later read.
                if (waited >= Limit)
                {
                    throw new SyncConcurrencyException(
                        $"Rows of {table} stayed locked by another transaction for {waited.TotalSeconds:F1} s; "
                            + "nothing was imported. Import the file again.",
                        locked);
                }

                await transaction.RollbackAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                waited += pause;
            }
        }
    }
}
