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
    private readonly SqlDialect _dialect;

    internal CommandRunner(DbContext context)
    {
        _context = context;
        _connection = context.GetService<IRelationalConnection>();
        _logger = context.GetService<IRelationalCommandDiagnosticsLogger>();
        _exceptions = context.GetService<IExceptionDetector>();
        _dialect = SqlDialect.For(context.Database);
    }

    /// <summary>Gets the context's connection, on which commands are created.</summary>
    internal DbConnection Connection => _connection.DbConnection;

    /// <summary>Gets the context's current transaction, which every command joins.</summary>
    internal DbTransaction? Transaction => _connection.CurrentTransaction?.GetDbTransaction();

    /// <summary>
    /// A command on the context's connection, in its current transaction, with the host's command timeout
    /// (<c>Database.SetCommandTimeout</c>, or the provider option) where the host set one, else the
    /// provider's default (30 s for Npgsql and Microsoft.Data.Sqlite).
    /// </summary>
    internal DbCommand CreateCommand()
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        if (_connection.CommandTimeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        return command;
    }

    internal Task<DbDataReader> ExecuteReaderAsync(
        DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken)
        => RunAsync(
            command,
            DbCommandMethod.ExecuteReader,
            token => command.ExecuteReaderAsync(behavior, token),
            (id, start, token) => _logger.CommandReaderExecutingAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                start, CommandSource.Unknown, token),
            (id, reader, start, elapsed, token) => _logger.CommandReaderExecutedAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                reader, start, elapsed, CommandSource.Unknown, token),
            cancellationToken);

    internal Task<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken cancellationToken)
        => RunAsync(
            command,
            DbCommandMethod.ExecuteNonQuery,
            command.ExecuteNonQueryAsync,
            (id, start, token) => _logger.CommandNonQueryExecutingAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                start, CommandSource.Unknown, token),
            (id, affected, start, elapsed, token) => _logger.CommandNonQueryExecutedAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                affected, start, elapsed, CommandSource.Unknown, token),
            cancellationToken);

    internal Task<object?> ExecuteScalarAsync(DbCommand command, CancellationToken cancellationToken)
        => RunAsync<object?>(
            command,
            DbCommandMethod.ExecuteScalar,
            command.ExecuteScalarAsync,
            (id, start, token) => _logger.CommandScalarExecutingAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                start, CommandSource.Unknown, token)!,
            (id, result, start, elapsed, token) => _logger.CommandScalarExecutedAsync(
                _connection, command, command.CommandText, _context, id, _connection.ConnectionId,
                result, start, elapsed, CommandSource.Unknown, token),
            cancellationToken);

    /// <summary>
    /// The sequence of EF's <c>RelationalCommand</c>: executing (an interceptor may answer instead), the
    /// provider, executed (an interceptor may replace the result); on failure, error or canceled. With no
    /// interceptor and command logging off, straight to the provider.
    /// </summary>
    private async Task<T> RunAsync<T>(
        DbCommand command,
        DbCommandMethod method,
        Func<CancellationToken, Task<T>> execute,
        Func<Guid, DateTimeOffset, CancellationToken, ValueTask<InterceptionResult<T>>> executing,
        Func<Guid, T, DateTimeOffset, TimeSpan, CancellationToken, ValueTask<T>> executed,
        CancellationToken cancellationToken)
    {
        var startTime = DateTimeOffset.UtcNow;
        var logged = _logger.ShouldLogCommandExecute(startTime);
        var commandId = logged ? Guid.NewGuid() : default;
        var stopwatch = logged ? Stopwatch.StartNew() : null;
        var result = default(T);
        try
        {
            if (!logged)
            {
                return await execute(cancellationToken).ConfigureAwait(false);
            }

            var intercepted = await executing(commandId, startTime, cancellationToken).ConfigureAwait(false);
            result = intercepted.HasResult
                ? intercepted.Result
                : await execute(cancellationToken).ConfigureAwait(false);
            return await executed(commandId, result, startTime, stopwatch!.Elapsed, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // An interceptor that throws once a reader is open would leave it open: the connection could run
            // nothing else, not even the rollback.
            if (result is DbDataReader reader)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            var duration = stopwatch?.Elapsed ?? TimeSpan.Zero;
            await FailedAsync(command, method, commandId, exception, startTime, duration, cancellationToken)
                .ConfigureAwait(false);
            if (Translate(exception) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    /// <summary>
    /// Tells the interceptors and the log that a command failed or was canceled, as EF does for its own.
    /// </summary>
    private Task FailedAsync(
        DbCommand command,
        DbCommandMethod method,
        Guid commandId,
        Exception exception,
        DateTimeOffset startTime,
        TimeSpan duration,
        CancellationToken cancellationToken)
        => _exceptions.IsCancellation(exception, cancellationToken)
            ? _logger.CommandCanceledAsync(
                _connection, command, command.CommandText, _context, method, commandId, _connection.ConnectionId,
                startTime, duration, CommandSource.Unknown, cancellationToken)
            : _logger.CommandErrorAsync(
                _connection, command, command.CommandText, _context, method, commandId, _connection.ConnectionId,
                exception, startTime, duration, CommandSource.Unknown, cancellationToken);

    /// <summary>
    /// What the caller sees instead of the provider's exception, or null to let that through: the dialect's
    /// <see cref="SqlDialect.Conflict"/>, told which unique indexes are on a uuid.
    /// </summary>
    private SyncConcurrencyException? Translate(Exception exception)
        => exception is DbException refused ? _dialect.Conflict(refused, UuidIndexes()) : null;

    /// <summary>
    /// The names of the unique indexes on a uuid: a violation of one means another writer raced the import to a
    /// new row, which a retry merges. A violation of any other unique index is the file's or the host's, and a
    /// retry would fail alike.
    /// </summary>
    private IEnumerable<string> UuidIndexes()
        => _context.Model.GetEntityTypes()
            .SelectMany(e => e.GetDeclaredIndexes())
            .Where(i => i.IsUnique && i.Properties is [{ Name: Model.SyncedEntityTypes.UuidProperty }])
            .Select(i => i.GetDatabaseName())
            .OfType<string>();
}
