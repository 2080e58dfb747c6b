using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A second app node's way into a <see cref="PostgresTestDatabase"/>: a connection pool of its own with one
/// connection, which a test can take (<see cref="TakeTheOnlyConnectionAsync"/>) so that the node's next save waits
/// for it, as saves do on a hub whose pool is exhausted.
/// </summary>
public sealed class PooledNodeDatabase(PostgresTestDatabase database) : TestDatabase
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
    {
        Pooling = true,
        MaxPoolSize = 1,
        Timeout = 60,
        ApplicationName = $"node-{Guid.NewGuid():N}",
    }.ToString();

    public override string ProviderName => database.ProviderName;

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(_connectionString);

    public override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Opens the pool's one connection; the node's saves wait until it is disposed.</summary>
    public async Task<DbConnection> TakeTheOnlyConnectionAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
