using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Issue 15: a pydal dump of an Eden-shaped database (tools/pydal/eden_dump.py: thirteen tables, Eden's meta
/// fields, empty tables, a self-reference, multi-line text, Sinhala and Tamil) imported into an EF model of the
/// same schema holds every row the dump holds, by uuid; its export holds them again. The pydal leg (pydal
/// importing that export) is tools/pydal/eden_dump.py check, run with the export this test writes to
/// SAHANA_SYNC_EDEN_EXPORT when that is set.
/// </summary>
public abstract class EdenRoundTripTests : DatabaseTests
{
    public const string ExportPathVariable = "SAHANA_SYNC_EDEN_EXPORT";

    private static readonly string[] SiteTables = ["auth_group", "auth_user", "system_config"];

    [SkippableFact]
    public async Task An_eden_dump_from_pydal_imports_and_exports_every_row_by_uuid()
    {
        await using var firstDb = await CreateDatabaseAsync();
        await using var secondDb = await CreateDatabaseAsync();
        await using var first = await SiteAsync(firstDb, "col");
        await using var second = await SiteAsync(secondDb, "gal");
        var expected = DatabaseState.Expected("eden", "expected.json");

        var report = await first.ImportAsync(File.ReadAllBytes(FixtureLoader.PathOf("eden", "site_a.csv")), new ImportOptions { Sender = "edn" });
        var export = await first.ExportAsync();
        if (Environment.GetEnvironmentVariable(ExportPathVariable) is { Length: > 0 } path)
        {
            await File.WriteAllBytesAsync(path, export);
        }

        await second.ImportAsync(export);

        (await DatabaseState.SyncedRowsAsync(first)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        (await DatabaseState.SyncedRowsAsync(second)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        report.Tables.Sum(t => t.Inserted).Should().Be(expected.Values.Sum(t => t.Count)).And.Be(186);
        report.Skipped.Select(s => s.Table).Should().BeEquivalentTo([.. SiteTables, "org_sector"]);
        report.Skipped.Where(s => s.Column is not null).Should().BeEmpty("every column of the dump has its web2py name in the model");
        ParentsComeFirst(export, "gis_location", "parent").Should().BeTrue("pydal inserts rows in file order and re-points a reference only to a row it has read: a child before its parent breaks the foreign key");
    }

    /// <summary>Whether every row of the section whose parent is in the section comes after it, as pydal needs.</summary>
    private static bool ParentsComeFirst(byte[] file, string table, string parentColumn)
    {
        var lines = FixtureLoader.Section(System.Text.Encoding.UTF8.GetString(file), table).Split("\r\n");
        var header = lines[1].Split(',');
        var (id, parent) = (Array.IndexOf(header, table + ".id"), Array.IndexOf(header, table + "." + parentColumn));
        var rows = lines.Skip(2).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var ids = rows.Select(r => r[id]).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var childrenOfLaterParents = 0;
        foreach (var row in rows)
        {
            childrenOfLaterParents += ids.Contains(row[parent]) && !seen.Contains(row[parent]) ? 1 : 0;
            seen.Add(row[id]);
        }

        return rows.Count > 0 && childrenOfLaterParents == 0;
    }

    private static async Task<SyncTestHost<EdenShapedContext>> SiteAsync(TestDatabase database, string instance)
    {
        var host = new SyncTestHost<EdenShapedContext>(database, instance, configure: o => o.SiteSpecific("auth_user").SiteSpecific("auth_group").SiteSpecific("system_config"));
        await host.CreateSchemaAsync();
        await using var scope = host.NewContext();
        var db = scope.Context;

        // Each site has its own users; the sectors are a lookup list, the same rows everywhere.
        db.Users.Add(new EdenUser { FirstName = "admin of " + instance });
        db.Groups.Add(new EdenGroup { Role = "Administrator" });
        db.Sectors.AddRange(new EdenSector { Name = "Health" }, new EdenSector { Name = "Shelter" }, new EdenSector { Name = "Water & Sanitation" }, new EdenSector { Name = "Food" });
        await db.SaveChangesAsync();
        return host;
    }
}

public sealed class SqliteEdenRoundTripTests : EdenRoundTripTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresEdenRoundTripTests : EdenRoundTripTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
