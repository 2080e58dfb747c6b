using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Sahana.Sync.Csv;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Export;

/// <summary>
/// The export of a column of every supported type, through a real database: one golden text for every
/// provider, and every field read back as the value the database holds.
/// </summary>
public abstract class AllTypesExportTests : DatabaseTests
{
    // Strict, so that a byte that is not UTF-8 fails instead of comparing as U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [SkippableFact]
    public async Task Every_type_is_written_with_the_same_bytes_on_every_provider()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = await CreateHostAsync(database, AllTypesRows.Create());

        var exported = await ExportAsync(host);

        DatabaseState.WithoutSignature(StrictUtf8.GetString(exported)).Should().Be(AllTypesGolden.Section + "END");
    }

    [SkippableFact]
    public async Task Every_field_reads_back_as_the_value_the_database_holds()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = await CreateHostAsync(database, AllTypesRows.Create());
        var exported = await ExportAsync(host);
        await using var scope = host.NewContext();
        var stored = await scope.Context.Rows.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        var entityType = scope.Context.Model.FindEntityType(typeof(AllTypes))!;

        var rows = await ReadRowsAsync(exported);

        rows.Should().HaveCount(stored.Count);
        foreach (var (fields, entity) in rows.Zip(stored))
        {
            foreach (var (column, text) in fields)
            {
                var property = entityType.GetProperties().Single(p => p.GetColumnName() == column);
                var expected = property.PropertyInfo!.GetValue(entity);
                var because = $"{column} of row {entity.Id} was written '{text}'";
                var read = text is null ? null : Parse(property, text);
                if (expected is byte[] bytes)
                {
                    read.Should().BeOfType<byte[]>().Which.Should().Equal(bytes, because);
                }
                else
                {
                    read.Should().Be(expected, because);
                }
            }
        }
    }

    /// <summary>A host on <paramref name="database"/> with the schema made and <paramref name="rows"/> saved, stamped by its test clock.</summary>
    protected static async Task<SyncTestHost<AllTypesContext>> CreateHostAsync(TestDatabase database, params AllTypes[] rows)
    {
        var host = new SyncTestHost<AllTypesContext>(database);
        try
        {
            await host.CreateSchemaAsync();
            await using var scope = host.NewContext();
            scope.Context.Rows.AddRange(rows);
            await scope.Context.SaveChangesAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    protected static async Task<byte[]> ExportAsync(SyncTestHost<AllTypesContext> host)
    {
        await using var scope = host.NewContext();
        using var stream = new MemoryStream();
        await scope.Get<SyncExporter>().ExportAsync(stream, new ExportOptions { IncludeInstanceSection = false });
        return stream.ToArray();
    }

    /// <summary>The rows of <c>test_all_types</c> in a file, each as its columns' texts (null for <c>&lt;NULL&gt;</c>).</summary>
    protected static async Task<List<Dictionary<string, string?>>> ReadRowsAsync(byte[] file)
    {
        var rows = new List<Dictionary<string, string?>>();
        await using var reader = new Web2pyCsvReader(new MemoryStream(file));
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            if (kind == Web2pyCsvRecordKind.Row && reader.Table == "test_all_types")
            {
                rows.Add(reader.Columns.Zip(reader.Fields).ToDictionary(f => f.First, f => f.Second));
            }
        }

        return rows;
    }

    // The file holds what the database holds (a converted enum's name, a Npgsql ulong's numeric), so the
    // text is read with the codec of that type, then converted back as EF would.
    private static object? Parse(IProperty property, string text)
    {
        var converter = property.GetTypeMapping().Converter;
        var providerType = converter?.ProviderClrType ?? property.ClrType;
        var value = ValueCodecs.For(providerType).Parse(text);
        return converter is null ? value : converter.ConvertFromProvider(value);
    }
}

// What one provider stores and the other cannot, pinned where it can be stored (docs/format.md, "Providers").

public sealed class SqliteAllTypesExportTests : AllTypesExportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();

    [SkippableFact]
    public async Task An_offset_other_than_zero_is_kept_as_SQLite_stores_it()
    {
        await using var database = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.DateTimeOffsetValue = new DateTimeOffset(2004, 12, 26, 9, 0, 0, TimeSpan.FromHours(5.5));
        await using var host = await CreateHostAsync(database, row);

        var fields = (await ReadRowsAsync(await ExportAsync(host))).Single();

        fields["date_time_offset_value"].Should().Be("2004-12-26 09:00:00+05:30");
    }

    [SkippableFact]
    public async Task Ticks_finer_than_a_microsecond_are_kept_as_SQLite_stores_them()
    {
        await using var database = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.DateTimeValue = new DateTime(2026, 11, 26, 9, 15, 30, DateTimeKind.Utc).AddTicks(1);
        row.TimeOnlyValue = new TimeOnly(7);
        await using var host = await CreateHostAsync(database, row);

        var fields = (await ReadRowsAsync(await ExportAsync(host))).Single();

        fields["date_time_value"].Should().Be("2026-11-26 09:15:30.0000001");
        fields["time_only_value"].Should().Be("00:00:00.0000007");
    }

    [SkippableFact]
    public async Task Text_with_a_NUL_character_fails_the_export_with_its_table_and_column()
    {
        await using var database = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.TextOrNull = "a\0b";
        await using var host = await CreateHostAsync(database, row);

        var export = () => ExportAsync(host);

        var e = (await export.Should().ThrowAsync<SyncFormatException>()).Which;
        (e.Table, e.Column).Should().Be(("test_all_types", "text_or_null"));
    }
}

public sealed class PostgresAllTypesExportTests : AllTypesExportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public async Task NaN_and_negative_zero_are_written_as_Python_writes_them()
    {
        await using var database = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.DoubleValue = double.NaN;
        row.DoubleOrNull = -0.0;
        row.FloatValue = float.NaN;
        await using var host = await CreateHostAsync(database, row);

        var fields = (await ReadRowsAsync(await ExportAsync(host))).Single();

        (fields["double_value"], fields["double_or_null"], fields["float_value"]).Should().Be(("nan", "-0.0", "nan"));
    }
}
