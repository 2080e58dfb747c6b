using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// A file's <c>sync_instance</c> row is a claim: <see cref="ImportOptions.ExpectedSender"/>,
/// <see cref="ImportOptions.Sender"/> and the caller's ids over HTTP refuse a file from anyone else before
/// anything is written, the clock included.
/// </summary>
public abstract class SenderCheckTests : DatabaseTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_file_from_another_sender_than_the_expected_one_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        var stampBefore = await NextStampAsync(sites.Here, "probe-1");
        var before = await DatabaseState.FingerprintAsync(sites.Here);

        var act = () => sites.Here.ImportAsync(sites.ZFile, new ImportOptions { ExpectedSender = "a" });

        var e = (await act.Should().ThrowExactlyAsync<SyncSenderException>()).Which;
        e.ClaimedSender.Should().Be("z");
        e.ExpectedSenders.Should().Equal("a");
        e.Message.Should().Be("The file was exported by instance 'z', but the import expects 'a' (ImportOptions.ExpectedSender). Nothing was changed.");
        (await DatabaseState.FingerprintAsync(sites.Here)).Should().Be(before, "sync_instance included");
        var stampAfter = await NextStampAsync(sites.Here, "probe-2");
        stampAfter.Should().BeBefore(sites.ZStamp, "the refused file, from a clock ahead of this one, did not move the clock")
            .And.BeAfter(stampBefore);
    }

    [SkippableFact]
    public async Task Sender_refuses_a_file_naming_another_sender_with_a_sender_exception()
    {
        await using var sites = await SitesAsync();

        var act = () => sites.Here.ImportAsync(sites.ZFile, new ImportOptions { Sender = "a" });

        var e = (await act.Should().ThrowExactlyAsync<SyncSenderException>()).Which;
        e.ClaimedSender.Should().Be("z");
        e.ExpectedSenders.Should().Equal("a");
    }

    [SkippableFact]
    public async Task A_file_from_the_expected_sender_is_merged_and_a_plain_one_is_recorded_under_it()
    {
        await using var sites = await SitesAsync();

        var named = await sites.Here.ImportAsync(sites.ZFile, new ImportOptions { ExpectedSender = "z" });
        var plain = await sites.Here.ImportAsync(sites.APlainFile, new ImportOptions { ExpectedSender = "a" });

        named.Sender!.BaseUuid.Should().Be("z");
        named.Tables.Sum(t => t.Inserted).Should().Be(1);
        plain.Sender!.BaseUuid.Should().Be("a");
        plain.Tables.Sum(t => t.Inserted).Should().Be(1);
    }

    [SkippableFact]
    public async Task The_callers_ids_refuse_a_file_naming_another_and_attribute_a_plain_file_only_to_a_single_id()
    {
        await using var sites = await SitesAsync();
        var before = await DatabaseState.FingerprintAsync(sites.Here);

        var other = () => sites.Here.ImportAsync(sites.ZFile, Allowed("a", "b"));
        var none = () => sites.Here.ImportAsync(sites.ZFile, Allowed());

        (await other.Should().ThrowExactlyAsync<SyncSenderException>()).Which.Message
            .Should().Be("The file was exported by instance 'z', but the import expects one of 'a', 'b' (the instance ids the caller may speak for). Nothing was changed.");
        (await none.Should().ThrowExactlyAsync<SyncSenderException>()).Which.ExpectedSenders.Should().BeEmpty();
        (await DatabaseState.FingerprintAsync(sites.Here)).Should().Be(before);
        (await sites.Here.ImportAsync(sites.APlainFile, Allowed("a", "b"))).Sender.Should().BeNull("a caller of two ids does not say which sent it");
        (await sites.Here.ImportAsync(sites.APlainFile, Allowed("a"))).Sender!.BaseUuid.Should().Be("a");
        (await sites.Here.ImportAsync(sites.ZFile, Allowed("z", "a"))).Sender!.BaseUuid.Should().Be("z");
    }

    [SkippableFact]
    public async Task Sender_and_ExpectedSender_naming_different_instances_are_a_mistake_of_the_caller()
    {
        await using var sites = await SitesAsync();

        var act = () => sites.Here.ImportAsync(sites.APlainFile, new ImportOptions { Sender = "a", ExpectedSender = "z" });

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*Sender ('a')*ExpectedSender ('z')*");
    }

    private static ImportOptions Allowed(params string[] ids) => new() { AllowedSenders = new HashSet<string>(ids, StringComparer.Ordinal) };

    private static async Task<DateTime> NextStampAsync(SyncTestHost<FieldContext> site, string uuid)
    {
        await site.EditAsync(db => db.Add(new Team { Name = "probe", Uuid = uuid }));
        await using var scope = site.NewContext();
        return scope.Context.Teams.Single(t => t.Uuid == uuid).ModifiedOn;
    }

    private async Task<Sites> SitesAsync()
    {
        var hereDb = await CreateDatabaseAsync();
        var zDb = await CreateDatabaseAsync();
        var aDb = await CreateDatabaseAsync();
        var here = new SyncTestHost<FieldContext>(hereDb, "here", new TestClock(Day));
        await using var z = new SyncTestHost<FieldContext>(zDb, "z", new TestClock(Day.AddMinutes(2)));
        await using var a = new SyncTestHost<FieldContext>(aDb, "a", new TestClock(Day));
        foreach (var site in new[] { here, z, a })
        {
            await site.CreateSchemaAsync();
        }

        await z.EditAsync(db => db.Add(new Team { Name = "from z", Uuid = "t-z" }));
        await a.EditAsync(db => db.Add(new Team { Name = "from a", Uuid = "t-a" }));
        var zStamp = (await DatabaseState.SyncedRowsAsync(z))["team"]["t-z"]["modified_on"]!;
        var sites = new Sites(
            [hereDb, zDb, aDb],
            here,
            await z.ExportAsync(),
            DateTime.Parse(zStamp, System.Globalization.CultureInfo.InvariantCulture),
            await a.ExportAsync(new ExportOptions { IncludeInstanceSection = false }));
        return sites;
    }

    private sealed record Sites(TestDatabase[] Databases, SyncTestHost<FieldContext> Here, byte[] ZFile, DateTime ZStamp, byte[] APlainFile)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Here.DisposeAsync();
            foreach (var database in Databases)
            {
                await database.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteSenderCheckTests : SenderCheckTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSenderCheckTests : SenderCheckTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
