using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database on the server named by <c>SAHANA_SYNC_POSTGRES</c>, created for one test
/// and dropped after it. Without the variable the test reports itself skipped (and CI fails on that).
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "SAHANA_SYNC_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _name = $"sahana_sync_{Guid.NewGuid():N}";

    private PostgresTestDatabase(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    public override string ProviderName => "PostgreSQL";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _name, Pooling = false }.ToString();

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(admin), $"{Variable} is not set: PostgreSQL tests need a server (.ci/run starts one).");
        var database = new PostgresTestDatabase(admin!);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database._name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    public override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
