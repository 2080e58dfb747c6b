using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 16, item 4: the import's and the export's own commands take the host's command timeout; they used
/// to set none at all (0, wait for ever), whatever the host had chosen.
/// </summary>
public abstract class CommandTimeoutTests : DatabaseTests
{
    [SkippableFact]
    public async Task The_commands_of_an_import_and_an_export_take_the_hosts_command_timeout()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        var timeouts = new TimeoutRecorder();
        await using var host = new SyncTestHost<ReliefContext>(database, interceptors: timeouts);
        await host.CreateSchemaAsync();

        await using (var scoped = host.NewContext())
        {
            scoped.Context.Database.SetCommandTimeout(7);
            timeouts.Seen.Clear();
            await scoped.Get<UuidMergeEngine>().ImportAsync(new MemoryStream(File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "a_final.csv"))), new ImportOptions { Sender = "gal" });
            await scoped.Get<SyncExporter>().ExportAsync(Stream.Null, new ExportOptions { ModifiedSince = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        }

        timeouts.Seen.Should().HaveCountGreaterThan(10, "the import's look-ups and writes and the export's reads all run through EF's interception");
        timeouts.Seen.Should().OnlyContain(t => t.Timeout == 7, "every command, EF's and ours, takes the host's timeout");
    }

    private sealed class TimeoutRecorder : DbCommandInterceptor
    {
        public List<(string Text, int Timeout)> Seen { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command)
        {
            lock (Seen)
            {
                Seen.Add((command.CommandText, command.CommandTimeout));
            }
        }
    }
}

public sealed class SqliteCommandTimeoutTests : CommandTimeoutTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresCommandTimeoutTests : CommandTimeoutTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
