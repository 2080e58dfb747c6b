using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A SQLite database that lives in memory for as long as this object holds its connection. Every context
/// on it uses that one open connection (EF leaves a connection it did not open alone), so contexts must
/// take turns, as they do in a test that plays one instance's steps in order. For tests that make
/// thousands of databases; <see cref="CopyFrom"/> clones a prepared one (schema, rows) with SQLite's
/// backup API instead of building it again.
/// </summary>
public sealed class InMemorySqliteDatabase : TestDatabase
{
    private readonly SqliteConnection _keepAlive;

    public InMemorySqliteDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = $"sahana-sync-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
        _keepAlive = new SqliteConnection(ConnectionString);
        _keepAlive.Open();
    }

    public override string ProviderName => "SQLite (memory)";

    public string ConnectionString { get; }

    /// <summary>A new database holding exactly what <paramref name="template"/> holds now.</summary>
    public static InMemorySqliteDatabase CopyFrom(InMemorySqliteDatabase template)
    {
        var copy = new InMemorySqliteDatabase();
        template._keepAlive.BackupDatabase(copy._keepAlive);
        return copy;
    }

    public override void Configure(DbContextOptionsBuilder options) => options.UseSqlite(_keepAlive);

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        _keepAlive.Dispose();
        return ValueTask.CompletedTask;
    }
}
