using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Sahana.Sync.Benchmarks;

/// <summary>A fresh database for one measurement: a SQLite file in WAL mode, or a PostgreSQL database on <c>SAHANA_SYNC_POSTGRES</c>.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SAHANA_SYNC_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresServer;
    private readonly string _name;

    private BenchmarkDatabase(string provider, string name, string connectionString, string? sqlitePath, string? postgresServer)
    {
        Provider = provider;
        _name = name;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresServer = postgresServer;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static bool PostgresAvailable => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable));

    public static async Task<BenchmarkDatabase> CreateAsync(string provider, string name)
    {
        if (provider == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"sahana-sync-bench-{name}.db");
            DeleteSqlite(path);
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteScalarAsync();
            }

            return new BenchmarkDatabase(provider, name, $"Data Source={path};Pooling=False", path, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"Set {PostgresVariable} to run the PostgreSQL benchmarks.");
        var database = $"sahana_bench_{name}".ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new BenchmarkDatabase(provider, database, new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString, null, server);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (_sqlitePath is not null)
        {
            options.UseSqlite(ConnectionString);
        }
        else
        {
            options.UseNpgsql(ConnectionString);
        }
    }

    public ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDbContext<BenchmarkContext>(Configure);
        services.AddSahanaSync<BenchmarkContext>(o => o.InstanceId = "here");
        return services.BuildServiceProvider();
    }

    public static async Task CreateSchemaAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchmarkContext>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.MigrateSahanaSyncAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            DeleteSqlite(_sqlitePath);
            return;
        }

        await using var admin = new NpgsqlConnection(_postgresServer);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static void DeleteSqlite(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
