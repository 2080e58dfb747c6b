using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// A host's command interceptor that counts the commands run on its context while armed, and can fail the
/// k-th of them (before it runs, or after it ran and before its result is used) or call back on each, as a
/// flaky database or an auditing interceptor that throws would.
/// </summary>
public sealed class CommandFaults : DbCommandInterceptor
{
    private int _seen;
    private bool _armed;
    private int _failAt;
    private bool _failAfterExecution;

    /// <summary>Gets how many commands ran (or began) while armed.</summary>
    public int Seen => _seen;

    /// <summary>Gets the fault thrown since the last arming, if any.</summary>
    public Exception? Injected { get; private set; }

    /// <summary>Gets the texts of the commands seen while armed, in order.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>Gets or sets what to do at each command while armed, given its number (from 1).</summary>
    public Action<int>? OnCommand { get; set; }

    /// <summary>Starts counting from zero; with <paramref name="failAt"/> &gt; 0 that command fails.</summary>
    public void Arm(int failAt = 0, bool afterExecution = false)
    {
        _seen = 0;
        _failAt = failAt;
        _failAfterExecution = afterExecution;
        Injected = null;
        Texts.Clear();
        _armed = true;
    }

    public void Disarm()
    {
        _armed = false;
        OnCommand = null;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        => Before(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Before(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        => Before(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Before(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        => Before(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Before(command, result));

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        => After(result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(After(result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        => After(result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(After(result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        => After(result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(After(result));

    private T Before<T>(DbCommand command, T result)
    {
        if (!_armed)
        {
            return result;
        }

        var number = Interlocked.Increment(ref _seen);
        lock (Texts)
        {
            Texts.Add(command.CommandText);
        }

        OnCommand?.Invoke(number);
        if (number == _failAt && !_failAfterExecution)
        {
            throw Inject(number, "before it ran");
        }

        return result;
    }

    private T After<T>(T result)
    {
        if (_armed && _seen == _failAt && _failAfterExecution && Injected is null)
        {
            throw Inject(_seen, "after it ran");
        }

        return result;
    }

    private Exception Inject(int number, string when)
    {
        // Half of the faults look like the provider's (a DbException), half like anything else a host's code may throw.
        Injected = number % 4 < 2
            ? new InjectedDbException($"Injected fault at command {number}, {when}.")
            : new TimeoutException($"Injected fault at command {number}, {when}.");
        return Injected;
    }
}

/// <summary>A provider-like failure, as a dropped connection or a refused statement raises.</summary>
public sealed class InjectedDbException(string message) : DbException(message);
