using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// The sender's <c>sync_instance</c> row only moves forward: a file no newer than the bookmark (the same
/// file again, or an older one) merges its rows but leaves the row, bookmark and count, as it was.
/// </summary>
public abstract class SenderRecordTests : DatabaseTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task An_older_file_after_a_newer_one_merges_its_rows_but_leaves_the_senders_row_as_it_was()
    {
        await using var sites = await SitesAsync();
        var (a, b) = (sites.A, sites.B);
        await EditAsync(a, db => db.Add(new Team { Name = "only in the older file", Uuid = "t-0" }));
        await EditAsync(a, db => db.Add(new Team { Name = "v1", Uuid = "t-1" }));
        var older = await a.ExportAsync();
        await EditAsync(a, db => db.Teams.Single(t => t.Uuid == "t-1").Name = "v2");
        var newer = await a.ExportAsync(new ExportOptions { ModifiedSince = a.Time.GetUtcNow().UtcDateTime.AddSeconds(-90) });
        var first = await b.ImportAsync(newer);
        var recorded = await PeerAsync(b, "a");

        var report = await b.ImportAsync(older);

        first.Replayed.Should().BeFalse();
        report.Replayed.Should().BeTrue();
        report.Tables.Single(t => t.Table == "team").Inserted.Should().Be(1, "the older file's rows are still merged");
        report.Tables.Single(t => t.Table == "team").OlderSkipped.Should().Be(1);
        report.Sender!.LastUpdate.Should().Be(recorded.LastUpdate);
        report.Sender.SyncCount.Should().Be(1, "only imports that moved the bookmark are counted");
        report.ToString().Should().Contain("no newer than the last one from this sender");
        (await PeerAsync(b, "a")).Should().BeEquivalentTo(recorded);
        (await DatabaseState.SyncedRowsAsync(b))["team"].Keys.Should().Equal("t-0", "t-1");
    }

    [SkippableFact]
    public async Task The_same_file_imported_twice_leaves_sync_instance_as_the_first_import_left_it()
    {
        await using var sites = await SitesAsync();
        await EditAsync(sites.A, db => db.Add(new Team { Name = "North", Uuid = "t-1" }));
        var file = await sites.A.ExportAsync();
        await sites.B.ImportAsync(file);
        var before = await DatabaseState.FingerprintAsync(sites.B);

        var again = await sites.B.ImportAsync(file);

        again.Replayed.Should().BeTrue();
        again.Sender!.SyncCount.Should().Be(1);
        (await DatabaseState.FingerprintAsync(sites.B)).Should().Be(before, "sync_instance included, nothing moved");
    }

    [SkippableTheory]
    [InlineData(SyncConflictPolicy.NewestWins)]
    [InlineData(SyncConflictPolicy.LocalWins)]
    public async Task After_an_older_file_again_a_later_edit_of_the_peer_is_no_conflict_and_wins(SyncConflictPolicy policy)
    {
        await using var sites = await SitesAsync();
        var (a, b) = (sites.A, sites.B);
        var options = new ImportOptions { ConflictPolicy = policy };
        await EditAsync(a, db => db.Add(new Team { Name = "v1", Uuid = "t-1" }));
        var file1 = await a.ExportAsync();
        await EditAsync(a, db => db.Teams.Single().Name = "v2");
        var file2 = await a.ExportAsync();
        await b.ImportAsync(file1, options);
        await b.ImportAsync(file2, options);
        var bookmark = (await PeerAsync(b, "a")).LastUpdate;

        // The stick with the first file comes round again; then a edits the row, which b never touched.
        await b.ImportAsync(file1, options);
        await EditAsync(a, db => db.Teams.Single().Name = "v3");
        var report = await b.ImportAsync(await a.ExportAsync(), options);

        (await PeerAsync(b, "a")).LastUpdate.Should().BeAfter(bookmark);
        report.Conflicts.Should().BeEmpty("b never edited t-1: it agreed with a on v2 up to file2");
        report.Tables.Single(t => t.Table == "team").Updated.Should().Be(1);
        (await DatabaseState.SyncedRowsAsync(b))["team"]["t-1"]["name"].Should().Be("v3");
        (await DatabaseState.SyncedRowsAsync(b)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(a));
    }

    private static async Task EditAsync(SyncTestHost<FieldContext> site, Action<FieldContext> edit)
    {
        site.Time.Advance(TimeSpan.FromMinutes(1));
        await site.EditAsync(edit);
        site.Time.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<SyncInstance> PeerAsync(SyncTestHost<FieldContext> site, string id)
    {
        await using var scope = site.NewContext();
        return await scope.Context.Set<SyncInstance>().AsNoTracking().SingleAsync(i => i.BaseUuid == id);
    }

    private async Task<Sites> SitesAsync()
    {
        // One wall clock for both: the sites agree on the time, only the files' order is in question.
        var time = new TestClock(Day);
        var aDb = await CreateDatabaseAsync();
        var bDb = await CreateDatabaseAsync();
        var sites = new Sites(aDb, bDb, new SyncTestHost<FieldContext>(aDb, "a", time), new SyncTestHost<FieldContext>(bDb, "b", time));
        await sites.A.CreateSchemaAsync();
        await sites.B.CreateSchemaAsync();
        return sites;
    }

    private sealed record Sites(TestDatabase ADb, TestDatabase BDb, SyncTestHost<FieldContext> A, SyncTestHost<FieldContext> B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await ADb.DisposeAsync();
            await BDb.DisposeAsync();
        }
    }
}

public sealed class SqliteSenderRecordTests : SenderRecordTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSenderRecordTests : SenderRecordTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
