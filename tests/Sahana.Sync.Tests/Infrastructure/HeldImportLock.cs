using System.Data.Common;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// What another import holds while it runs, held by a test: the advisory lock on PostgreSQL, the write lock
/// on SQLite (its BeginTransaction is BEGIN IMMEDIATE). Released once, when disposed.
/// </summary>
public sealed class HeldImportLock : IAsyncDisposable
{
    /// <summary>
    /// Storage/ImportLock.Key, the documented key; written out because the HTTP tests, which link this file,
    /// cannot see the internal constant (ConcurrentImportTests checks that the two agree).
    /// </summary>
    public const long Key = 2208806640770824509;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private int _released;

    private HeldImportLock(DbConnection connection, DbTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<HeldImportLock> TakeAsync(TestDatabase database)
    {
        var connection = database.OpenConnection();
        var transaction = await connection.BeginTransactionAsync();
        if (database is PostgresTestDatabase)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = FormattableString.Invariant($"SELECT pg_advisory_xact_lock({Key})");
            await command.ExecuteNonQueryAsync();
        }

        return new HeldImportLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
