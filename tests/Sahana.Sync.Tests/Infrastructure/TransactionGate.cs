using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// Holds a host's next transaction, once armed, at its start (before BEGIN, or before its one statement when EF
/// needs no transaction for it) or at its commit, until released: a save or an import caught between taking its
/// stamps and committing them, while something else runs.
/// </summary>
public sealed class TransactionGate(TransactionGate.Point at) : DbTransactionInterceptor, IDbCommandInterceptor
{
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public enum Point
    {
        /// <summary>
        /// Before the transaction begins, or before the write of a save that needs none (one statement): a save has
        /// stamped its rows and written none.
        /// </summary>
        Start,

        /// <summary>Before the transaction commits: its rows are written, and no other transaction sees them.</summary>
        Commit,
    }

    /// <summary>Holds the next transaction to reach the gate's point; the task completes when one is held.</summary>
    public Task Arm()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _armed, 1);
        return _reached.Task;
    }

    public void Release() => _released.TrySetResult();

    /// <summary>Holds nothing after all: what was armed for never came.</summary>
    public void Disarm() => Volatile.Write(ref _armed, 0);

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(Point.Start);
        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        HoldAsync(Point.Start).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(Point.Commit);
        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        HoldAsync(Point.Commit).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await HoldAsync(Point.Start);
        }

        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsLoneWrite(command))
        {
            HoldAsync(Point.Start).GetAwaiter().GetResult();
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await HoldAsync(Point.Start);
        }

        return result;
    }

    // A write outside any transaction: EF saves one statement without one.
    private static bool IsLoneWrite(DbCommand command)
        => command.Transaction is null && command.CommandText.TrimStart() is var text
            && (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase));

    private async Task HoldAsync(Point point)
    {
        if (point != at || Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return;
        }

        _reached.TrySetResult();
        await _released.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
