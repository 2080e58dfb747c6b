using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// Loads a pydal dump into a database with plain EF inserts that keep its ids and stamps, through a
/// context without Sahana.Sync's interceptor, as if the rows had been written by that site.
/// </summary>
public static class FixtureLoader
{
    public static string PathOf(string folder, string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "web2py", folder, file);

    public static async Task LoadAsync(TestDatabase database, string path)
    {
        var options = new DbContextOptionsBuilder<ReliefContext>();
        database.Configure(options);
        await using var context = new ReliefContext(options.Options);
        await context.Database.EnsureCreatedAsync();

        await using var stream = File.OpenRead(path);
        await using var reader = new Web2pyCsvReader(stream, leaveOpen: false);
        IEntityType? entityType = null;
        IProperty?[] properties = [];
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            if (kind == Web2pyCsvRecordKind.Table)
            {
                entityType = context.Model.GetEntityTypes().Single(e => e.GetTableName() == reader.Table);
                var table = StoreObjectIdentifier.Table(reader.Table!);
                properties = [.. reader.Columns.Select(c => entityType.GetProperties().SingleOrDefault(p => p.GetColumnName(table) == c))];
                continue;
            }

            var entity = Activator.CreateInstance(entityType!.ClrType)!;
            for (var i = 0; i < properties.Length; i++)
            {
                if (properties[i] is { PropertyInfo: { } info } property && reader.Fields[i] is { } text)
                {
                    var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                    info.SetValue(entity, ValueCodecs.For(type).Parse(text));
                }
            }

            context.Add(entity);
        }

        await context.SaveChangesAsync();
        if (database.ProviderName == "PostgreSQL")
        {
            // Ids were given explicitly; move every identity past them, as pydal's restore does.
            foreach (var table in new[] { "org_sector", "gis_config", "org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration" })
            {
                await context.Database.ExecuteSqlRawAsync(
                    $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))");
            }
        }
    }

    /// <summary>The bytes of one table's section (its TABLE line to the two empty lines after it) in a file.</summary>
    public static string Section(string file, string table)
    {
        var start = file.IndexOf($"TABLE {table}\r\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        var end = file.IndexOf("\r\n\r\n\r\n", start, StringComparison.Ordinal);
        return file[start..(end + 6)];
    }

    public static string ReadText(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));
}
