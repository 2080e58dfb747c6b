using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 16, item 3: a host whose context retries transient failures (Npgsql's EnableRetryOnFailure, or any
/// retrying execution strategy) can export and import; a transient failure halfway through either is retried to
/// the same result a run without it gives, never half-written. Before, both threw InvalidOperationException
/// ("does not support user-initiated transactions").
/// </summary>
public abstract class ExecutionStrategyTests : DatabaseTests
{
    [SkippableFact]
    public async Task An_export_failing_once_halfway_is_retried_to_the_same_file()
    {
        await using var database = await RetryingAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        var fault = new TransientFault("pr_person", Transient);
        await using var host = new SyncTestHost<ReliefContext>(database, interceptors: fault);
        await host.CreateSchemaAsync();
        var clean = await host.ExportAsync(new ExportOptions { Backup = true });

        fault.Arm();
        var retried = await host.ExportAsync(new ExportOptions { Backup = true });

        fault.Failures.Should().Be(1, "the export's read of pr_person failed once");
        DatabaseState.WithoutSignature(System.Text.Encoding.UTF8.GetString(retried)).Should().Be(
            DatabaseState.WithoutSignature(System.Text.Encoding.UTF8.GetString(clean)), "the retry wrote the file from the start, once");
    }

    [SkippableFact]
    public async Task An_import_failing_once_halfway_is_retried_to_the_same_database()
    {
        var file = File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var cleanDb = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(cleanDb, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await using var clean = new SyncTestHost<ReliefContext>(cleanDb, "b");
        await clean.CreateSchemaAsync();
        var cleanReport = await clean.ImportAsync(file);

        await using var database = await RetryingAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        var fault = new TransientFault("UPDATE ", Transient, skip: 1);
        await using var host = new SyncTestHost<ReliefContext>(database, "b", interceptors: fault);
        await host.CreateSchemaAsync();
        fault.Arm();
        var report = await host.ImportAsync(file);

        fault.Failures.Should().Be(1, "the import's second update failed once, after the first had changed rows");
        (await DatabaseState.SyncedRowsAsync(host)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(clean), o => o.WithStrictOrdering());
        report.Tables.Select(t => (t.Table, t.Inserted, t.Updated, t.Unchanged)).Should().Equal(cleanReport.Tables.Select(t => (t.Table, t.Inserted, t.Updated, t.Unchanged)));
        await using var scope = host.NewContext();
        (await scope.Context.Set<SyncImportRecord>().CountAsync()).Should().Be(1, "the failed attempt's history row was rolled back with it");
    }

    /// <summary>A transient failure as the provider's retrying strategy recognises one.</summary>
    protected abstract Exception Transient();

    /// <summary>A database whose contexts retry transient failures.</summary>
    protected abstract Task<TestDatabase> RetryingAsync();

    /// <summary>Fails, once, the first command whose text contains <c>text</c> after <c>skip</c> of them, while armed.</summary>
    private sealed class TransientFault(string text, Func<Exception> fault, int skip = 0) : DbCommandInterceptor
    {
        private bool _armed;
        private int _seen;

        public int Failures { get; private set; }

        public void Arm() => _armed = true;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Check(command, result));

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Check(command, result));

        private T Check<T>(DbCommand command, T result)
        {
            if (_armed && command.CommandText.Contains(text, StringComparison.Ordinal) && _seen++ == skip)
            {
                _armed = false;
                Failures++;
                throw fault();
            }

            return result;
        }
    }
}

public sealed class SqliteExecutionStrategyTests : ExecutionStrategyTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();

    protected override Exception Transient() => new InjectedTransientException();

    protected override Task<TestDatabase> RetryingAsync()
        => Task.FromResult<TestDatabase>(new RetryingDatabase(new SqliteTestDatabase(), o => o.UseSqlite(s => s.ExecutionStrategy(d => new RetryOnTransient(d)))));

    /// <summary>A host's own retrying strategy: EF's base class, retrying what the provider says is transient.</summary>
    private sealed class RetryOnTransient(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.FromMilliseconds(20))
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is DbException { IsTransient: true };
    }

    private sealed class InjectedTransientException() : DbException("injected: the database went away for a moment")
    {
        public override bool IsTransient => true;
    }
}

public sealed class PostgresExecutionStrategyTests : ExecutionStrategyTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    // What Npgsql raises when the connection times out; its IsTransient says so, and EnableRetryOnFailure retries it.
    protected override Exception Transient() => new NpgsqlException("injected: the server went away for a moment", new TimeoutException());

    protected override async Task<TestDatabase> RetryingAsync()
        => new RetryingDatabase(await PostgresTestDatabase.CreateAsync(), o => o.UseNpgsql(n => n.EnableRetryOnFailure(3, TimeSpan.FromMilliseconds(50), null)));
}

/// <summary>A scratch database whose contexts also get a retrying execution strategy.</summary>
internal sealed class RetryingDatabase(TestDatabase inner, Action<DbContextOptionsBuilder> retry) : TestDatabase
{
    public override string ProviderName => inner.ProviderName;

    public override void Configure(DbContextOptionsBuilder options)
    {
        inner.Configure(options);
        retry(options);
    }

    public override DbConnection OpenConnection() => inner.OpenConnection();

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
