using System.Text;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>Cases the hostile-file fuzzer found, kept as tests of their own.</summary>
public abstract class HostileFileRegressionTests : DatabaseTests
{
    // Fuzzer seed 1 + n, "bad value": a stamp at the end of DateTime. The import moved the clock past it
    // before failing; the clock had no next microsecond, and the next export threw ArgumentOutOfRangeException.
    [SkippableTheory]
    [InlineData("9999-12-31 23:59:59.999999")]
    [InlineData("9999-01-01 00:00:00")]
    public async Task A_modified_on_at_the_end_of_time_is_refused_and_the_instance_still_stamps_and_exports(string stamp)
    {
        await using var site = await SiteAsync();
        var file = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"))
            .Replace("False,2009-12-26 07:03:47,2009-12-26 07:03:47", $"False,2009-12-26 07:03:47,{stamp}", StringComparison.Ordinal);

        var import = () => site.Host.ImportAsync(file);

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        (refused.Table, refused.Line, refused.Column).Should().Be(("pr_person", 26L, "modified_on"));
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
        await EditAsync(site.Host);
    }

    [SkippableFact]
    public async Task A_sender_last_update_at_the_end_of_time_is_refused_and_the_instance_still_stamps_and_exports()
    {
        await using var site = await SiteAsync();
        await using var senderDb = new InMemorySqliteDatabase();
        await using var sender = new SyncTestHost<ReliefContext>(senderDb, "a");
        await sender.CreateSchemaAsync();
        var export = Encoding.UTF8.GetString(await sender.ExportAsync());
        var lines = export.Split("\r\n");
        lines[2] = string.Join(",", lines[2].Split(',').Select((f, i) => lines[1].Split(',')[i] == "sync_instance.last_update" ? "9999-12-31 23:59:59.999999" : f));

        var import = () => site.Host.ImportAsync(string.Join("\r\n", lines));

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        (refused.Table, refused.Line, refused.Column).Should().Be(("sync_instance", 3L, "last_update"));
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
        await EditAsync(site.Host);
    }

    private static async Task EditAsync(SyncTestHost<ReliefContext> host)
    {
        await using var scope = host.NewContext();
        scope.Context.Set<OrgOrganisation>().First().Name = "still stamping";
        await scope.Context.SaveChangesAsync();
        (await host.ExportAsync()).Should().NotBeEmpty();
    }

    private async Task<FixtureSite> SiteAsync() => await FixtureSite.LoadAsync(await CreateDatabaseAsync());
}

public sealed class SqliteHostileFileRegressionTests : HostileFileRegressionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresHostileFileRegressionTests : HostileFileRegressionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
