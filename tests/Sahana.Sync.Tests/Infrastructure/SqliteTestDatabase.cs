using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>A SQLite database in a temporary file, so that two connections (and a "restart") see the same data.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sahana-sync-{Guid.NewGuid():N}.db");

    public override string ProviderName => "SQLite";

    /// <summary>Gets or sets how long a connection waits for another's write lock (SQLite's busy timeout), in seconds; 30 unless set.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = BusyTimeoutSeconds }.ToString();

    public override void Configure(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
