using Microsoft.Extensions.Logging.Abstractions;
using Sahana.Sync.Import;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Trust;

/// <summary>
/// The spill holds every row of a file someone sent: readable by its owner only, in the folder the host chose,
/// and gone on every exit path; what a killed process left is removed at the next start.
/// </summary>
public abstract class SpillFileTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task No_spill_is_left_in_the_folder_after_an_import_a_refused_import_or_a_cancelled_one()
    {
        using var folder = new ScratchFolder();
        await using var database = await CreateDatabaseAsync();
        await using var host = await HostAsync(database, folder.Path);
        var file = await FileAsync();

        await host.ImportAsync(file);
        folder.Files().Should().BeEmpty("after an import");

        var truncated = file[..(file.Length / 2)];
        await host.Awaiting(h => h.ImportAsync(truncated)).Should().ThrowAsync<SyncFormatException>();
        folder.Files().Should().BeEmpty("after a refused import");

        using var cancel = new CancellationTokenSource();
        await using (var scope = host.NewContext())
        {
            var source = new CancellingStream(file, cancel, after: file.Length / 2);
            await scope.Get<UuidMergeEngine>().Awaiting(e => e.ImportAsync(source, null, cancel.Token)).Should().ThrowAsync<OperationCanceledException>();
        }

        folder.Files().Should().BeEmpty("after a cancelled import");
    }

    [SkippableFact]
    public async Task A_spill_left_by_a_process_that_is_gone_is_removed_at_the_next_import_and_one_of_a_running_process_is_kept()
    {
        using var folder = new ScratchFolder();
        var dead = folder.Touch("sahana-sync-2147483647-abcdefgh.xyz.spill");
        var live = folder.Touch($"sahana-sync-{Environment.ProcessId}-abcdefgh.xyz.spill");
        var oldStyle = folder.Touch("sahana-sync-abcdefgh.xyz", age: TimeSpan.FromDays(2));
        var recentOldStyle = folder.Touch("sahana-sync-abcdefgi.xyz", age: TimeSpan.FromMinutes(5));
        var database = folder.Touch("sahana-sync-0123456789abcdef0123456789abcdef.db", age: TimeSpan.FromDays(2));
        await using var db = await CreateDatabaseAsync();
        await using var host = await HostAsync(db, folder.Path);

        await host.ImportAsync(await FileAsync());

        File.Exists(dead).Should().BeFalse("its process (pid 2147483647) is not running");
        File.Exists(live).Should().BeTrue("its process is this one");
        File.Exists(oldStyle).Should().BeFalse("a spill of the former naming older than a day");
        File.Exists(recentOldStyle).Should().BeTrue("a spill of the former naming may still be in use for a day");
        File.Exists(database).Should().BeTrue("not a spill");
    }

    private static async Task<SyncTestHost<ReliefContext>> HostAsync(TestDatabase database, string spills)
    {
        var host = new SyncTestHost<ReliefContext>(database, "col", new TestClock(Now), o => o.SpillDirectory = spills);
        await host.CreateSchemaAsync();
        return host;
    }

    private static async Task<byte[]> FileAsync()
    {
        await using var database = new SqliteTestDatabase();
        await using var sender = new SyncTestHost<ReliefContext>(database, "gal", new TestClock(Now));
        await sender.CreateSchemaAsync();
        await sender.EditAsync(db => db.AddRange(Enumerable.Range(0, 500).Select(i => new PrPerson { FirstName = $"person {i}" })));
        return await sender.ExportAsync();
    }

    /// <summary>A file's bytes that cancel the import's token once <c>after</c> bytes were read.</summary>
    private sealed class CancellingStream(byte[] bytes, CancellationTokenSource cancel, int after) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= after)
            {
                cancel.Cancel();
            }

            return base.Read(buffer, offset, Math.Min(count, 1024));
        }

        public override int Read(Span<byte> buffer)
        {
            var chunk = new byte[Math.Min(buffer.Length, 1024)];
            var read = Read(chunk, 0, chunk.Length);
            chunk.AsSpan(0, read).CopyTo(buffer);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));
    }
}

public sealed class SqliteSpillFileTests : SpillFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSpillFileTests : SpillFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}

/// <summary>The spill file itself, without a database.</summary>
public sealed class RowSpillTests
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_spill_is_readable_by_its_owner_only_and_is_unlinked_once_created_yet_reads_back_every_row()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes; on Windows the spill is deleted on close instead");
        using var folder = new ScratchFolder();

        using var spill = new SpillFolder(folder.Path, NullLogger.Instance).Create();

        Path.GetDirectoryName(spill.Path).Should().Be(Path.GetFullPath(folder.Path).TrimEnd(Path.DirectorySeparatorChar));
        Path.GetFileName(spill.Path).Should().StartWith($"sahana-sync-{Environment.ProcessId}-").And.EndWith(".spill");
        File.GetUnixFileMode(spill.Handle).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        folder.Files().Should().BeEmpty("the name is removed at once: a killed process leaves nothing");
        var offsets = Enumerable.Range(0, 3).Select(i => spill.Append(i + 1, [$"row {i}", null, "வணக்கம்"])).ToList();
        var end = spill.Position;
        var rows = spill.Read(0, end).ToList();
        rows.Select(r => r.Fields[0]).Should().Equal("row 0", "row 1", "row 2");
        rows.Select(r => r.Offset).Should().Equal(offsets);
        rows[1].Fields.Should().Equal("row 1", null, "வணக்கம்");
        rows[2].Line.Should().Be(3);
    }
}

/// <summary>A folder of its own for one test, removed after it.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sahana-spills-").FullName;

    public string[] Files() => Directory.GetFiles(Path);

    public string Touch(string name, TimeSpan age = default)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, "left over");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
