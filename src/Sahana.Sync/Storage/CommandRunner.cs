using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Storage;

/// <summary>
/// Runs the library's own commands (the import's batches, the export's reads) the way EF Core runs its
/// own: through the context's command diagnostics logger, which calls the host's
/// <see cref="IDbCommandInterceptor"/>s and writes EF's command log. A host that audits, traces or times
/// commands with an interceptor sees ours too, and may suppress one or replace its result as it may EF's.
/// </summary>
/// <remarks>
/// Our commands are built once per shape and reused with new values (prepared), so they raise the
/// execution events (executing, executed, error, canceled) but not EF's creation events, which belong
/// to commands EF creates per execution. With no interceptor and command logging off, EF's logger says so
/// and a command runs straight on the provider, as EF's own commands do.
/// </remarks>
internal sealed class CommandRunner
{
    private readonly DbContext _context;
    private readonly IRelationalConnection _connection;
    private readonly IRelationalCommandDiagnosticsLogger _logger;
    private readonly IExceptionDetector _exceptions;

    internal CommandRunner(DbContext context)
    {
        _context = context;
        _connection = context.GetService<IRelationalConnection>();
        _logger = context.GetService<IRelationalCommandDiagnosticsLogger>();
        _exceptions = context.GetService<IExceptionDetector>();
    }

    /// <summary>Gets the context's connection, on which commands are created.</summary>
    internal DbConnection Connection => _connection.DbConnection;

    /// <summary>Gets the context's current transaction, which every command joins.</summary>
    internal DbTransaction? Transaction => _connection.CurrentTransaction?.GetDbTransaction();

    internal async Task<DbDataReader> ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var startTime = DateTimeOffset.UtcNow;
        if (!_logger.ShouldLogCommandExecute(startTime))
        {
            try
            {
                return await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                await FailedAsync(command, DbCommandMethod.ExecuteReader, default, exception, startTime, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (Translate(exception) is { } translated)
                {
                    throw translated;
                }

                throw;
            }
        }

        var commandId = Guid.NewGuid();
        var stopwatch = Stopwatch.StartNew();
        DbDataReader? reader = null;
        try
        {
            var intercepted = await _logger.CommandReaderExecutingAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, startTime, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
            reader = intercepted.HasResult
                ? intercepted.Result
                : await command.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
            return await _logger.CommandReaderExecutedAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, reader, startTime, stopwatch.Elapsed, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // An interceptor that throws once the reader is open would leave it open: the connection could run
            // nothing else, not even the rollback.
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            await FailedAsync(command, DbCommandMethod.ExecuteReader, commandId, exception, startTime, stopwatch.Elapsed, cancellationToken).ConfigureAwait(false);
            if (Translate(exception) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    internal async Task<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var startTime = DateTimeOffset.UtcNow;
        if (!_logger.ShouldLogCommandExecute(startTime))
        {
            try
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                await FailedAsync(command, DbCommandMethod.ExecuteNonQuery, default, exception, startTime, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (Translate(exception) is { } translated)
                {
                    throw translated;
                }

                throw;
            }
        }

        var commandId = Guid.NewGuid();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var intercepted = await _logger.CommandNonQueryExecutingAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, startTime, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
            var affected = intercepted.HasResult
                ? intercepted.Result
                : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return await _logger.CommandNonQueryExecutedAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, affected, startTime, stopwatch.Elapsed, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await FailedAsync(command, DbCommandMethod.ExecuteNonQuery, commandId, exception, startTime, stopwatch.Elapsed, cancellationToken).ConfigureAwait(false);
            if (Translate(exception) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    internal async Task<object?> ExecuteScalarAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var startTime = DateTimeOffset.UtcNow;
        if (!_logger.ShouldLogCommandExecute(startTime))
        {
            try
            {
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                await FailedAsync(command, DbCommandMethod.ExecuteScalar, default, exception, startTime, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (Translate(exception) is { } translated)
                {
                    throw translated;
                }

                throw;
            }
        }

        var commandId = Guid.NewGuid();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var intercepted = await _logger.CommandScalarExecutingAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, startTime, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
            var result = intercepted.HasResult
                ? intercepted.Result
                : await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return await _logger.CommandScalarExecutedAsync(
                _connection, command, command.CommandText, _context, commandId, _connection.ConnectionId, result, startTime, stopwatch.Elapsed, CommandSource.Unknown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await FailedAsync(command, DbCommandMethod.ExecuteScalar, commandId, exception, startTime, stopwatch.Elapsed, cancellationToken).ConfigureAwait(false);
            if (Translate(exception) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    /// <summary>Tells the interceptors and the log that a command failed or was canceled, as EF does for its own.</summary>
    private Task FailedAsync(DbCommand command, DbCommandMethod method, Guid commandId, Exception exception, DateTimeOffset startTime, TimeSpan duration, CancellationToken cancellationToken)
        => _exceptions.IsCancellation(exception, cancellationToken)
            ? _logger.CommandCanceledAsync(_connection, command, command.CommandText, _context, method, commandId, _connection.ConnectionId, startTime, duration, CommandSource.Unknown, cancellationToken)
            : _logger.CommandErrorAsync(_connection, command, command.CommandText, _context, method, commandId, _connection.ConnectionId, exception, startTime, duration, CommandSource.Unknown, cancellationToken);

    /// <summary>
    /// What the caller sees instead of the provider's exception, or null to let that through: a statement the
    /// database refused because another transaction held or changed the same rows (SQL states 40001, 40P01,
    /// 55P03) is a <see cref="SyncConcurrencyException"/>, which says that trying again is safe.
    /// </summary>
    private static SyncConcurrencyException? Translate(Exception exception) => exception switch
    {
        DbException { SqlState: "40001" or "40P01" or "55P03" } conflict => new SyncConcurrencyException(
            $"The database aborted the command because another transaction held or changed the same rows ({conflict.SqlState}: {conflict.Message}). Nothing was changed; try again.",
            conflict),
        _ => null,
    };
}
