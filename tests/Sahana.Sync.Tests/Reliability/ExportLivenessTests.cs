using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Issue 16, item 2: an export blocks no host writer, however slowly its reader takes the file. A peer on a
/// bad link that stops reading after 4 KB used to hold SQLite's write lock (the export's snapshot) until the
/// host's saves failed with "database is locked".
/// </summary>
public abstract class ExportLivenessTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_host_save_completes_while_a_reader_has_stopped_after_4_KB()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var reader = new StalledReader(stallAfter: 4096);

        Task export;
        await using (var scoped = host.NewContext())
        {
            export = scoped.Get<SyncExporter>().ExportAsync(reader);
            (await Task.WhenAny(reader.Stalled, Task.Delay(TimeSpan.FromSeconds(20)))).Should().Be(reader.Stalled, "the export reaches the reader");

            var save = host.EditAsync(db => db.Organisations.OrderBy(o => o.Id).First().Name = "saved while the export waits");
            var finished = await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(10)));
            reader.Resume();
            finished.Should().Be(save, "the export's reader is stalled, not the database");
            await save;
            await export;
        }

        reader.Written.Should().BeGreaterThan(4096);
        DatabaseState.WithoutSignature(System.Text.Encoding.UTF8.GetString(reader.ToArray()))
            .Should().EndWith("END", "the export completes once the reader goes on");
    }

    /// <summary>A destination that takes a few bytes, then stops taking any until told to go on, as a dead link does.</summary>
    private sealed class StalledReader(int stallAfter) : MemoryStream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stalled => _stalled.Task;

        public long Written => Length;

        public void Resume() => _resumed.TrySetResult();

        public override bool CanSeek => false;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var room = Math.Max(0, stallAfter - (int)Length);
            base.Write(buffer.Span[..Math.Min(room, buffer.Length)]);
            if (room < buffer.Length)
            {
                _stalled.TrySetResult();
                await _resumed.Task.WaitAsync(cancellationToken);
                base.Write(buffer.Span[room..]);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

public sealed class SqliteExportLivenessTests : ExportLivenessTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresExportLivenessTests : ExportLivenessTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
