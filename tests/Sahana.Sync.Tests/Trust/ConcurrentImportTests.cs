using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Storage;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Trust;

/// <summary>
/// Imports into one database take turns (PostgreSQL: an advisory lock; SQLite: its write lock), so two
/// imports carrying the same new rows never fail each other; a wait that runs out is a
/// <see cref="SyncConcurrencyException"/> that changed nothing.
/// </summary>
public abstract class ConcurrentImportTests : DatabaseTests
{
    private const int People = 2_000;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Two_imports_of_the_same_new_rows_at_once_both_succeed_and_the_second_changes_nothing()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var database = await CreateDatabaseAsync();
        await using var sender = await SenderAsync(senderDb);
        await using var host = new SyncTestHost<ReliefContext>(database, "col", new TestClock(Now.AddMinutes(5)));
        await host.CreateSchemaAsync();
        var file = await sender.ExportAsync();

        // Two scopes, two connections, as two requests would have.
        var reports = await Task.WhenAll(host.ImportAsync(file), host.ImportAsync(file)).WaitAsync(TimeSpan.FromMinutes(2));

        var people = reports.Select(r => r.Tables.Single(t => t.Table == "pr_person")).OrderByDescending(t => t.Inserted).ToList();
        people[0].Inserted.Should().Be(People);
        people[1].Inserted.Should().Be(0, "the second import finds every row the first one wrote");
        people[1].Unchanged.Should().Be(People);
        reports.Min(r => r.TotalChanges).Should().Be(0);
        await using var scope = host.NewContext();
        (await scope.Context.People.CountAsync()).Should().Be(People, "every row exists once");
    }

    [SkippableFact]
    public async Task An_import_that_waits_longer_than_the_lock_timeout_for_another_import_throws_SyncConcurrencyException_and_changes_nothing()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var database = await CreateDatabaseAsync();
        if (database is SqliteTestDatabase sqlite)
        {
            sqlite.BusyTimeoutSeconds = 1;
        }

        await using var sender = await SenderAsync(senderDb);
        await using var host = new SyncTestHost<ReliefContext>(
            database, "col", new TestClock(Now.AddMinutes(5)), o => o.ImportLockTimeout = TimeSpan.FromMilliseconds(300));
        await host.CreateSchemaAsync();
        var file = await sender.ExportAsync();
        var before = await DatabaseState.FingerprintAsync(host);

        await using (var holder = await HeldImportLock.TakeAsync(database))
        {
            var refused = await host.Awaiting(h => h.ImportAsync(file)).Should().ThrowAsync<SyncConcurrencyException>();
            refused.Which.Message.Should().Contain("Nothing was changed");
        }

        (await DatabaseState.FingerprintAsync(host)).Should().Be(before);
        var report = await host.ImportAsync(file);
        report.Tables.Single(t => t.Table == "pr_person").Inserted.Should().Be(People, "the lock was released: the same file imports");
    }

    /// <summary>A sender whose full export carries <see cref="People"/> people the receiver has never seen.</summary>
    private static async Task<SyncTestHost<ReliefContext>> SenderAsync(TestDatabase database)
    {
        var sender = new SyncTestHost<ReliefContext>(database, "gal", new TestClock(Now));
        await sender.CreateSchemaAsync();
        await sender.EditAsync(db =>
        {
            var organisation = new OrgOrganisation { Name = "Sarvodaya" };
            db.Add(organisation);
            db.AddRange(Enumerable.Range(0, People).Select(i => new PrPerson { FirstName = $"person {i}", LastName = "new", Organisation = organisation }));
        });
        return sender;
    }

    [Fact]
    public void The_tests_hold_the_documented_import_lock() => HeldImportLock.Key.Should().Be(ImportLock.Key);
}

public sealed class SqliteConcurrentImportTests : ConcurrentImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresConcurrentImportTests : ConcurrentImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public async Task A_host_that_inserts_a_uuid_the_import_is_inserting_makes_it_throw_SyncConcurrencyException_and_the_retry_merges_it()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var database = await CreateDatabaseAsync();
        await using var sender = new SyncTestHost<ReliefContext>(senderDb, "gal", new TestClock(Now0));
        await using var host = new SyncTestHost<ReliefContext>(database, "col", new TestClock(Now0.AddMinutes(5)));
        await sender.CreateSchemaAsync();
        await host.CreateSchemaAsync();
        await sender.EditAsync(db => db.AddRange(Enumerable.Range(0, 50).Select(i => new PrPerson { FirstName = $"person {i}", Uuid = $"p-{i:D2}" })));
        var file = await sender.ExportAsync();

        // The host adds p-25 and holds its transaction open: the import's insert of p-25 waits on the uuid index.
        await using var scope = host.NewContext();
        await using var transaction = await scope.Context.Database.BeginTransactionAsync();
        scope.Context.Add(new PrPerson { FirstName = "added here", Uuid = "p-25" });
        await scope.Context.SaveChangesAsync();
        var import = host.ImportAsync(file);
        await WaitForABlockedBackendAsync(database, import);
        await transaction.CommitAsync();

        var refused = await import.Awaiting(i => i.WaitAsync(TimeSpan.FromSeconds(60))).Should().ThrowAsync<SyncConcurrencyException>();
        refused.Which.Message.Should().Contain("inserted a row with a uuid");
        (await DatabaseState.SyncedRowsAsync(host))["pr_person"].Keys.Should().Equal(["p-25"], "the refused import changed nothing");

        var report = await host.ImportAsync(file);
        report.Tables.Single(t => t.Table == "pr_person").Inserted.Should().Be(49);
        (await DatabaseState.SyncedRowsAsync(host))["pr_person"].Should().HaveCount(50);
    }

    [SkippableFact]
    public async Task An_import_in_the_callers_transaction_holds_the_import_lock_until_the_caller_commits()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var database = await CreateDatabaseAsync();
        await using var sender = new SyncTestHost<ReliefContext>(senderDb, "gal", new TestClock(Now0));
        await using var host = new SyncTestHost<ReliefContext>(
            database, "col", new TestClock(Now0.AddMinutes(5)), o => o.ImportLockTimeout = TimeSpan.FromMilliseconds(300));
        await sender.CreateSchemaAsync();
        await host.CreateSchemaAsync();
        await sender.EditAsync(db => db.AddRange(Enumerable.Range(0, 20).Select(i => new PrPerson { FirstName = $"person {i}" })));
        var file = await sender.ExportAsync();

        await using (var scope = host.NewContext())
        {
            await using var transaction = await scope.Context.Database.BeginTransactionAsync();
            await scope.Get<UuidMergeEngine>().ImportAsync(new MemoryStream(file));

            await host.Awaiting(h => h.ImportAsync(file)).Should().ThrowAsync<SyncConcurrencyException>("the caller's transaction still holds the lock");
            await transaction.CommitAsync();
        }

        var report = await host.ImportAsync(file);
        report.TotalChanges.Should().Be(0, "the caller committed the first import");
    }

    private static readonly DateTimeOffset Now0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Polls (bounded) until a backend of this database waits for a lock, or the import ended.</summary>
    private static async Task WaitForABlockedBackendAsync(TestDatabase database, Task import)
    {
        await using var connection = database.OpenConnection();
        for (var attempt = 0; attempt < 600 && !import.IsCompleted; attempt++)
        {
            await using var command = connection.CreateCommand();
            // This database's backends only: the server is shared with other tests.
            command.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The import never waited for the host's transaction.");
    }
}
