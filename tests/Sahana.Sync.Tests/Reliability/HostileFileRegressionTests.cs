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

    [SkippableFact]
    public async Task A_restored_modified_on_at_the_end_of_time_is_refused_and_the_empty_instance_still_stamps_and_exports()
    {
        await using var site = await SiteAsync();
        var backup = Encoding.UTF8.GetString(await site.Host.ExportAsync(new ExportOptions { Backup = true })).Split("\r\n");
        var header = Array.FindIndex(backup, l => l.StartsWith("pr_person.", StringComparison.Ordinal));
        var stampAt = Array.IndexOf(backup[header].Split(','), "pr_person.modified_on");
        var fields = backup[header + 1].Split(',');
        fields[stampAt] = "9999-12-31 23:59:59.999999";
        backup[header + 1] = string.Join(",", fields);
        await using var emptyDb = await CreateDatabaseAsync();
        await using var empty = new SyncTestHost<ReliefContext>(emptyDb, "r");
        await empty.CreateSchemaAsync();
        var before = await DatabaseState.FingerprintAsync(empty);

        var text = string.Join("\r\n", backup);
        var line = text[..text.IndexOf("9999-12-31", StringComparison.Ordinal)].Count(c => c == '\n') + 1L; // quoted fields may hold line breaks

        var restore = () => empty.ImportAsync(text, new ImportOptions { Restore = true });

        var refused = (await restore.Should().ThrowAsync<SyncFormatException>()).Which;
        (refused.Table, refused.Line, refused.Column).Should().Be(("pr_person", line, "modified_on"));
        (await DatabaseState.FingerprintAsync(empty)).Should().Be(before);
        await using (var scope = empty.NewContext())
        {
            scope.Context.Add(new OrgOrganisation { Name = "still stamping" });
            await scope.Context.SaveChangesAsync();
        }

        (await empty.ExportAsync()).Should().NotBeEmpty();
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
