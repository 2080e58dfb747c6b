namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The base of every test class that runs on a real database: one abstract class per behaviour,
/// one subclass per provider that says which database it gets.
/// </summary>
public abstract class DatabaseTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected static Task<TestDatabase> Sqlite() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    protected static async Task<TestDatabase> Postgres() => await PostgresTestDatabase.CreateAsync();
}
