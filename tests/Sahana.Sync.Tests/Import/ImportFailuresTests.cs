using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Issue 21: a failed import is recorded in <c>sync_import_failure</c> after its transaction rolled back, with the
/// error's table, line and column; everything else is left as it was.
/// </summary>
public abstract class ImportFailuresTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_refused_file_is_recorded_with_its_table_line_and_column_and_nothing_else_changes()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var receiverDb = await CreateDatabaseAsync();
        await using var sender = new SyncTestHost<FieldContext>(senderDb, "snd", new TestClock(Now));
        await using var receiver = new SyncTestHost<FieldContext>(receiverDb, "rcv", new TestClock(Now));
        await sender.CreateSchemaAsync();
        await receiver.CreateSchemaAsync();
        await sender.EditAsync(db => db.AddRange(new Team { Name = "first", Uuid = "t-1" }, new Team { Name = "second", Uuid = "t-2" }));
        var before = await DatabaseState.FingerprintAsync(receiver);

        var broken = await BrokenFileAsync(sender);
        var act = () => receiver.ImportAsync(broken, new ImportOptions { Source = "stick.csv", ExpectedSender = "snd" });

        var error = (await act.Should().ThrowAsync<SyncFormatException>()).Which;
        error.Table.Should().Be("team");
        error.Line.Should().NotBeNull();
        error.Column.Should().NotBeNull();
        await using var scope = receiver.NewContext();
        var failure = await scope.Context.Set<SyncImportFailure>().SingleAsync();
        failure.Should().BeEquivalentTo(new
        {
            Error = nameof(SyncFormatException),
            error.Message,
            error.Table,
            error.Line,
            error.Column,
            Sender = "snd",
            Source = "stick.csv",
            FailedAt = Now.UtcDateTime,
        });
        await scope.Context.Set<SyncImportFailure>().ExecuteDeleteAsync();
        (await DatabaseState.FingerprintAsync(receiver)).Should().Be(before, "the failure is the import's only trace");
    }

    [SkippableFact]
    public async Task An_import_that_fails_in_the_callers_transaction_or_is_cancelled_is_not_recorded()
    {
        await using var senderDb = await CreateDatabaseAsync();
        await using var receiverDb = await CreateDatabaseAsync();
        await using var sender = new SyncTestHost<FieldContext>(senderDb, "snd", new TestClock(Now));
        await using var receiver = new SyncTestHost<FieldContext>(receiverDb, "rcv", new TestClock(Now));
        await sender.CreateSchemaAsync();
        await receiver.CreateSchemaAsync();
        await sender.EditAsync(db => db.AddRange(new Team { Name = "first", Uuid = "t-1" }, new Team { Name = "second", Uuid = "t-2" }));
        var broken = await BrokenFileAsync(sender);

        await using (var scope = receiver.NewContext())
        {
            await using var transaction = await scope.Context.Database.BeginTransactionAsync();
            var inCallers = () => scope.Get<UuidMergeEngine>().ImportAsync(new MemoryStream(broken));
            await inCallers.Should().ThrowAsync<SyncFormatException>();
            await transaction.RollbackAsync();
        }

        var whole = await sender.ExportAsync();
        var cancelled = () => receiver.ImportAsync(whole, cancellationToken: new CancellationToken(canceled: true));
        await cancelled.Should().ThrowAsync<OperationCanceledException>();

        await using var check = receiver.NewContext();
        (await check.Context.Set<SyncImportFailure>().CountAsync()).Should().Be(0, "the caller's rollback, or a cancellation, is no failed file");
    }

    /// <summary>The sender's export with the row of team t-2's <c>deleted</c> flag spelled as no boolean.</summary>
    private static async Task<byte[]> BrokenFileAsync(SyncTestHost<FieldContext> sender)
    {
        var lines = Encoding.UTF8.GetString(await sender.ExportAsync()).Split("\r\n");
        var row = Array.FindIndex(lines, l => l.Contains("t-2", StringComparison.Ordinal));
        lines[row].Should().Contain(",False,");
        var flag = lines[row].IndexOf(",False,", StringComparison.Ordinal);
        lines[row] = lines[row][..flag] + ",perhaps," + lines[row][(flag + ",False,".Length)..];
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines));
    }
}

public sealed class SqliteImportFailuresTests : ImportFailuresTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresImportFailuresTests : ImportFailuresTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
