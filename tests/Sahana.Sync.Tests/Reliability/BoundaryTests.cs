using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Only synced tables and their mapped columns are ever written: whatever else a file carries (lookup
/// lists, site configuration, tables this database does not have, columns it does not have) changes
/// nothing, and the report says what was left alone.
/// </summary>
public abstract class BoundaryTests : DatabaseTests
{
    [SkippableFact]
    public async Task Lookup_lists_site_tables_unknown_tables_and_unknown_columns_in_a_file_change_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var before = await DatabaseState.FingerprintAsync(host);
        var file = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"))
            .Replace("1,Health,HLT\r\n", "1,Hacked,HCK\r\n", StringComparison.Ordinal)
            .Replace("1,col1 site map,7,", "1,forged map,1,", StringComparison.Ordinal)
            .Replace("TABLE org_organisation\r\n", "TABLE auth_user\r\nauth_user.id,auth_user.email,auth_user.password\r\n1,admin@example.org,forged\r\n\r\n\r\nTABLE org_organisation\r\n", StringComparison.Ordinal)
            .Replace("org_organisation.modified_on\r\n", "org_organisation.modified_on,org_organisation.is_admin\r\n", StringComparison.Ordinal);
        file = AddColumnValue(file, "org_organisation", "True");

        var report = await host.ImportAsync(file);

        report.Skipped.Should().Contain(s => s.Table == "org_sector" && s.Column == null)
            .And.Contain(s => s.Table == "gis_config" && s.Column == null)
            .And.Contain(s => s.Table == "auth_user" && s.Column == null && s.Reason.Contains("not a table of this database's model"))
            .And.Contain(s => s.Table == "org_organisation" && s.Column == "is_admin");
        var after = await DatabaseState.FingerprintAsync(host);
        foreach (var local in new[] { "org_sector", "gis_config" })
        {
            FixtureLoader.Section(after, local).Should().Be(FixtureLoader.Section(before, local), $"{local} does not travel");
        }

        report.Tables.Sum(t => t.Changes).Should().BeGreaterThan(0, "the synced tables were merged all the same");
    }

    [SkippableFact]
    public async Task A_file_with_a_second_sync_instance_row_is_refused_and_changes_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var before = await DatabaseState.FingerprintAsync(host);
        var file = "TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,sync_instance.last_update,sync_instance.sync_count\r\n"
            + "gal,Galle,<NULL>,<NULL>,2026-11-26 09:00:00,1\r\nhq,Forged head office,<NULL>,https://evil.example,2026-11-26 09:00:00,9\r\n\r\n\r\n"
            + FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"));

        var import = () => host.ImportAsync(file);

        var refused = (await import.Should().ThrowAsync<SyncFormatException>()).Which;
        refused.Table.Should().Be("sync_instance");
        refused.Line.Should().Be(4);
        (await DatabaseState.FingerprintAsync(host)).Should().Be(before);
    }

    private static string AddColumnValue(string file, string table, string value)
    {
        // Every row of the table's section gets one more field, as a sender with an extra column writes it.
        var section = FixtureLoader.Section(file, table);
        var lines = section.Split("\r\n");
        for (var i = 2; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                lines[i] += "," + value;
            }
        }

        return file.Replace(section, string.Join("\r\n", lines), StringComparison.Ordinal);
    }
}

public sealed class SqliteBoundaryTests : BoundaryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresBoundaryTests : BoundaryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
