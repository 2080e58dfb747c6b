using System.Text;
using Sahana.Sync.Csv;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The default <see cref="ImportOptions.MaxFieldLength"/> (1 MiB) and <see cref="ImportOptions.MaxRecordLength"/>
/// (4 MiB) keep memory bounded whatever the file: a longer value or line is refused with a
/// <see cref="SyncFormatException"/> that says where, without reading the rest of it, and nothing changes.
/// </summary>
public abstract class ImportLimitTests : DatabaseTests
{
    // A gigabyte the reader must not read: if it did, these tests would take minutes and the memory with it.
    private const long Gigabyte = 1L << 30;

    [SkippableFact]
    public void The_limits_default_to_1_MiB_per_value_and_4_MiB_per_record()
    {
        var options = new ImportOptions();

        options.MaxFieldLength.Should().Be(1024 * 1024);
        options.MaxRecordLength.Should().Be(4 * 1024 * 1024);
    }

    [SkippableFact]
    public async Task A_value_one_byte_longer_than_MaxFieldLength_is_refused_naming_table_line_and_column()
    {
        await using var site = await SiteAsync();
        var file = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"))
            .Replace("needs insulin,urn:uuid:d788c7cc", new string('x', Web2pyCsvReader.DefaultMaxFieldLength + 1) + ",urn:uuid:d788c7cc", StringComparison.Ordinal);

        var import = () => site.Host.ImportAsync(file);

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        (refused.Table, refused.Line, refused.Column).Should().Be(("pr_person", 26L, "comments"));
        refused.Message.Should().Contain("MaxFieldLength");
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
    }

    [SkippableTheory]
    [InlineData("1,\"", (byte)'x')]
    [InlineData("1,", (byte)'y')]
    [InlineData("", (byte)',')]
    public async Task A_gigabyte_line_is_refused_after_MaxRecordLength_without_reading_the_rest(string rowStart, byte filler)
    {
        await using var site = await SiteAsync();
        var head = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv")).Split("TABLE pr_person\r\n")[0];
        var prefix = Encoding.UTF8.GetBytes(head + "TABLE pr_person\r\npr_person.id,pr_person.first_name,pr_person.uuid,pr_person.modified_on\r\n" + rowStart);
        await using var stream = new EndlessStream(prefix, filler, Gigabyte);

        var import = async () =>
        {
            await using var scope = site.Host.NewContext();
            await scope.Get<UuidMergeEngine>().ImportAsync(stream);
        };

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        refused.Table.Should().Be("pr_person");
        refused.Line.Should().Be(head.Split("\r\n").Length + 2, "the endless line is the first row of the section");
        refused.Message.Should().Contain("MaxRecordLength");
        stream.BytesRead.Should().BeLessThan(64L << 20, "the reader stops soon after 4 MiB, not at the end of the line");
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
    }

    private async Task<FixtureSite> SiteAsync() => await FixtureSite.LoadAsync(await CreateDatabaseAsync());
}

public sealed class SqliteImportLimitTests : ImportLimitTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresImportLimitTests : ImportLimitTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
