using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Csv;
using Sahana.Sync.Tests.Export;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// A column of every supported type through the importer and back out: imported into an empty instance it
/// exports the golden bytes of the export tests, reads back through EF as it was inserted, and a backup
/// restores with its ids; on PostgreSQL also across providers. Parameter binding is where the types differ
/// (a GUID as text or blob, a time's kind and offset, a decimal's scale, a converted enum, an unsigned
/// integer in a wider type), so every value goes through the parameters of a real database.
/// </summary>
public abstract class AllTypesImportTests : DatabaseTests
{
    // Strict, so that a byte that is not UTF-8 fails instead of comparing as U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Without the instance section neither import records a sender, so a backup holds nothing an import
    // may legitimately change (a sender's sync_count), and "unchanged" is byte for byte.
    protected static readonly ExportOptions Plain = new() { IncludeInstanceSection = false };

    protected static readonly ExportOptions Backup = new() { Backup = true };

    [SkippableFact]
    public async Task Every_type_imported_into_an_empty_instance_exports_the_golden_bytes_and_a_second_import_changes_nothing()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();

        await AssertTravelsAsync(source, target);
    }

    [SkippableFact]
    public async Task A_newer_version_of_every_row_updates_every_type_in_place()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();

        await AssertUpdatesAsync(source, target);
    }

    [SkippableFact]
    public async Task The_largest_dates_and_times_survive_an_import_as_they_were()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[2];
        row.DateTimeValue = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        row.DateTimeOrNull = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        row.DateTimeOffsetValue = DateTimeOffset.MaxValue;
        row.DateOnlyOrNull = DateOnly.MaxValue;
        await using var original = await CreateHostAsync(source, "a", row);
        var file = await original.ExportAsync(Plain);
        await using var imported = new SyncTestHost<AllTypesContext>(target, "b");
        await imported.CreateSchemaAsync();

        await imported.ImportAsync(file);

        Text(await imported.ExportAsync(Plain)).Should().Be(Text(file));
        await ShouldHoldAsync(imported, [row]);
        (await imported.ImportAsync(file)).HasChanges.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_restored_backup_keeps_its_ids_and_exports_the_same_backup_bytes()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var rows = AllTypesRows.Create();
        (rows[0].Id, rows[1].Id, rows[2].Id) = (5, 17, 42);
        await using var original = await CreateHostAsync(source, "a", rows);
        var backup = await original.ExportAsync(Backup);
        await using var restored = new SyncTestHost<AllTypesContext>(target, "a");
        await restored.CreateSchemaAsync();

        var report = await restored.ImportAsync(backup, new ImportOptions { Restore = true });

        report.Restore.Should().BeTrue();
        report.Tables.Single(t => t.Table == "test_all_types").Inserted.Should().Be(3);
        Text(await restored.ExportAsync(Backup)).Should().Be(Text(backup));
        await ShouldHoldAsync(restored, rows);
    }

    [SkippableFact]
    public async Task After_a_restore_the_host_inserts_new_rows_past_the_restored_ids()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var rows = AllTypesRows.Create();
        (rows[0].Id, rows[1].Id, rows[2].Id) = (5, 17, 42);
        await using var original = await CreateHostAsync(source, "a", rows);
        await using var restored = new SyncTestHost<AllTypesContext>(target, "a");
        await restored.CreateSchemaAsync();
        await restored.ImportAsync(await original.ExportAsync(Backup), new ImportOptions { Restore = true });

        // PostgreSQL's identity sequence does not see explicit ids; the restore must move it past them.
        var added = AllTypesRows.Create()[0];
        added.Uuid = "urn:uuid:types-new";
        await using (var scope = restored.NewContext())
        {
            scope.Context.Rows.Add(added);
            await scope.Context.SaveChangesAsync();
        }

        added.Id.Should().Be(43);
    }

    [SkippableFact]
    public async Task A_backup_whose_ids_are_not_positive_restores_and_the_host_continues_at_one()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var rows = AllTypesRows.Create()[..2];
        (rows[0].Id, rows[1].Id) = (-7, -2);
        await using var original = await CreateHostAsync(source, "a", rows);
        var backup = await original.ExportAsync(Backup);
        await using var restored = new SyncTestHost<AllTypesContext>(target, "a");
        await restored.CreateSchemaAsync();

        await restored.ImportAsync(backup, new ImportOptions { Restore = true });

        Text(await restored.ExportAsync(Backup)).Should().Be(Text(backup));
        var added = AllTypesRows.Create()[2];
        await using (var scope = restored.NewContext())
        {
            scope.Context.Rows.Add(added);
            await scope.Context.SaveChangesAsync();
        }

        added.Id.Should().Be(1);
    }

    [SkippableFact]
    public async Task Ticks_finer_than_a_microsecond_are_cut_by_the_import()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.DateTimeValue = new DateTime(2026, 11, 26, 9, 15, 30, DateTimeKind.Utc).AddTicks(19);
        row.DateTimeOffsetValue = new DateTimeOffset(2026, 11, 26, 9, 15, 30, TimeSpan.Zero).AddTicks(19);
        row.TimeOnlyValue = new TimeOnly(14, 30).Add(TimeSpan.FromTicks(19));
        row.TimeSpanValue = TimeSpan.FromTicks(-19);
        await using var original = await CreateHostAsync(source, "a", row);
        var file = await original.ExportAsync(Plain);
        await using var imported = new SyncTestHost<AllTypesContext>(target, "b");
        await imported.CreateSchemaAsync();

        await imported.ImportAsync(file);

        // SQLite would keep the ticks, PostgreSQL would not: the import keeps what both keep, so that a file
        // passed through any database reads back the same, and a later import sees no newer version.
        var fields = (await ReadRowsAsync(await imported.ExportAsync(Plain))).Single();
        (fields["date_time_value"], fields["date_time_offset_value"], fields["time_only_value"], fields["time_span_value"])
            .Should().Be(("2026-11-26 09:15:30.000001", "2026-11-26 09:15:30.000001+00:00", "14:30:00.000001", "-00:00:00.0000010"));
        (await imported.ImportAsync(file)).HasChanges.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_restore_into_a_database_that_holds_rows_throws_and_changes_nothing()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        await using var original = await CreateHostAsync(source, "a", AllTypesRows.Create());
        var backup = await original.ExportAsync(Backup);
        await using var occupied = await CreateHostAsync(target, "b", AllTypesRows.Create()[1]);
        var before = Text(await occupied.ExportAsync(Backup));

        var restore = () => occupied.ImportAsync(backup, new ImportOptions { Restore = true });

        (await restore.Should().ThrowAsync<SyncException>()).Which.Message.Should().Contain("test_all_types");
        Text(await occupied.ExportAsync(Backup)).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_whole_relief_database_restores_with_its_references_and_sync_instance_and_goes_on_as_the_original()
    {
        await using var databaseA = await CreateDatabaseAsync();
        await using var databaseR = await CreateDatabaseAsync();
        await FixtureLoader.LoadAsync(databaseA, FixtureLoader.PathOf("two-sites", "a_final.csv"));
        await using var a = new SyncTestHost<ReliefContext>(databaseA, "a");
        await a.CreateSchemaAsync();
        var fileB = File.ReadAllBytes(FixtureLoader.PathOf("two-sites", "b_final.csv"));
        await a.ImportAsync(fileB, new ImportOptions { Sender = "b" });
        var backup = await a.ExportAsync(Backup);
        await using var r = new SyncTestHost<ReliefContext>(databaseR, "a");
        await r.CreateSchemaAsync();

        var report = await r.ImportAsync(backup, new ImportOptions { Restore = true });

        FixtureLoader.Section(Text(backup), "sync_instance").Should().Contain("\r\nb,", "the backup carries the peer recorded by the import");
        report.Tables.Select(t => t.Table).Should().Contain(["org_sector", "gis_config", "org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration", "sync_instance"]);
        report.Tables.Should().OnlyContain(t => t.Inserted == t.Rows);
        Text(await r.ExportAsync(Backup)).Should().Be(Text(backup));
        (await DatabaseState.SyncedRowsAsync(r)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(a), o => o.WithStrictOrdering());

        // The restored sync_instance row is what the original knows of b: the same file again is old news to both.
        var again = await r.ImportAsync(fileB, new ImportOptions { Sender = "b" });
        await a.ImportAsync(fileB, new ImportOptions { Sender = "b" });
        again.HasChanges.Should().BeFalse();
        again.Replayed.Should().BeTrue("the restored bookmark is already at the file");
        again.Sender!.SyncCount.Should().Be(1);
        Text(await r.ExportAsync(Backup)).Should().Be(Text(await a.ExportAsync(Backup)));

        // Every identity continues after the restored ids.
        var maxima = await MaxIdsAsync(r);
        await using (var scope = r.NewContext())
        {
            var organisation = new OrgOrganisation { Name = "New" };
            var person = new PrPerson { FirstName = "New", Organisation = organisation };
            var shelter = new CrShelter { Name = "New", Organisation = organisation, Sector = new OrgSector { Name = "New" } };
            scope.Context.AddRange(new GisConfig { Name = "New" }, new CrShelterRegistration { Shelter = shelter, Person = person });
            await scope.Context.SaveChangesAsync();
            (await MaxIdsAsync(r)).Should().Equal(maxima.Select(m => m + 1));
        }
    }

    /// <summary>
    /// Rows saved in <paramref name="from"/>, exported, imported into an empty <paramref name="to"/>: its export
    /// is the golden text, its rows read through EF are the rows saved, and the same file again changes nothing.
    /// </summary>
    protected static async Task AssertTravelsAsync(TestDatabase from, TestDatabase to)
    {
        var rows = AllTypesRows.Create();
        await using var source = await CreateHostAsync(from, "a", rows);
        var file = await source.ExportAsync(Plain);
        Text(file).Should().Be(AllTypesGolden.Section + "END", $"{from.ProviderName} exports the golden text");
        await using var target = new SyncTestHost<AllTypesContext>(to, "b");
        await target.CreateSchemaAsync();

        var first = await target.ImportAsync(file);

        first.Tables.Single().Inserted.Should().Be(3);
        Text(await target.ExportAsync(Plain)).Should().Be(AllTypesGolden.Section + "END", $"{to.ProviderName} exports what it imported from {from.ProviderName}");
        await ShouldHoldAsync(target, rows);

        var before = Text(await target.ExportAsync(Backup));
        var second = await target.ImportAsync(file);

        second.HasChanges.Should().BeFalse(second.ToString());
        second.Tables.Single().Unchanged.Should().Be(3);
        Text(await target.ExportAsync(Backup)).Should().Be(before);
    }

    /// <summary>
    /// Rows imported from <paramref name="from"/> into <paramref name="to"/>, then every value of every row
    /// changed at the source (each row takes the next row's values, uuids kept): the next import updates all of
    /// them, and both instances export the same bytes and hold the same values.
    /// </summary>
    protected static async Task AssertUpdatesAsync(TestDatabase from, TestDatabase to)
    {
        await using var source = await CreateHostAsync(from, "a", AllTypesRows.Create());
        await using var target = new SyncTestHost<AllTypesContext>(to, "b");
        await target.CreateSchemaAsync();
        await target.ImportAsync(await source.ExportAsync(Plain));
        AllTypes[] changed;
        await using (var scope = source.NewContext())
        {
            changed = [.. await scope.Context.Rows.OrderBy(r => r.Id).ToListAsync()];
            var next = AllTypesRows.Create();
            for (var i = 0; i < changed.Length; i++)
            {
                foreach (var property in typeof(AllTypes).GetProperties())
                {
                    if (property.Name is not (nameof(AllTypes.Id) or nameof(AllTypes.Uuid) or nameof(AllTypes.ModifiedOn) or nameof(AllTypes.Deleted)))
                    {
                        property.SetValue(changed[i], property.GetValue(next[(i + 1) % next.Length]));
                    }
                }
            }

            await scope.Context.SaveChangesAsync();
        }

        var file = await source.ExportAsync(Plain);

        var report = await target.ImportAsync(file);

        report.Tables.Single().Updated.Should().Be(3, report.ToString());
        Text(await target.ExportAsync(Plain)).Should().Be(Text(file));
        await ShouldHoldAsync(target, changed);
    }

    protected static async Task<SyncTestHost<AllTypesContext>> CreateHostAsync(TestDatabase database, string instanceId, params AllTypes[] rows)
    {
        var host = new SyncTestHost<AllTypesContext>(database, instanceId);
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

    /// <summary>
    /// The rows a host holds, read through EF, are <paramref name="expected"/> (the entities as saved, with
    /// their ids and stamps) property by property. A <see cref="DateTime"/>'s kind is the provider's (SQLite
    /// gives Unspecified), so times compare by ticks; an offset must be the one saved.
    /// </summary>
    protected static async Task ShouldHoldAsync(SyncTestHost<AllTypesContext> host, AllTypes[] expected)
    {
        await using var scope = host.NewContext();
        var stored = await scope.Context.Rows.AsNoTracking().OrderBy(r => r.Id).ToListAsync();

        stored.Should().HaveCount(expected.Length);
        foreach (var (actual, inserted) in stored.Zip(expected.OrderBy(r => r.Id)))
        {
            foreach (var property in typeof(AllTypes).GetProperties())
            {
                var value = property.GetValue(actual);
                var because = $"{property.Name} of {inserted.Uuid} was saved as {property.GetValue(inserted) ?? "null"}";
                switch (property.GetValue(inserted))
                {
                    case byte[] bytes:
                        value.Should().BeOfType<byte[]>().Which.Should().Equal(bytes, because);
                        break;
                    case DateTime time:
                        value.Should().BeOfType<DateTime>().Which.Ticks.Should().Be(time.Ticks, because);
                        break;
                    case DateTimeOffset time:
                        value.Should().BeOfType<DateTimeOffset>().Which.Should().BeExactly(time, because);
                        break;
                    case var other:
                        value.Should().Be(other, because);
                        break;
                }
            }
        }
    }

    private static async Task<int[]> MaxIdsAsync(SyncTestHost<ReliefContext> host)
    {
        await using var scope = host.NewContext();
        var context = scope.Context;
        return
        [
            await context.Sectors.MaxAsync(e => e.Id),
            await context.GisConfigs.MaxAsync(e => e.Id),
            await context.Organisations.MaxAsync(e => e.Id),
            await context.People.MaxAsync(e => e.Id),
            await context.Shelters.MaxAsync(e => e.Id),
            await context.Registrations.MaxAsync(e => e.Id),
        ];
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

    protected static string Text(byte[] file) => DatabaseState.WithoutSignature(StrictUtf8.GetString(file));
}

public sealed class SqliteAllTypesImportTests : AllTypesImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();

    // SQLite stores whatever a parameter binds: a GUID bound as a blob, or a decimal as a real, reads back
    // through EF all the same but no longer equals EF's own text in a WHERE clause or an index.
    [SkippableFact]
    public async Task Imported_values_are_stored_with_the_storage_class_and_text_EF_gives_them()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        await using var original = new SyncTestHost<AllTypesContext>(source, "a");
        await original.CreateSchemaAsync();
        await using (var scope = original.NewContext())
        {
            scope.Context.Rows.AddRange(AllTypesRows.Create());
            await scope.Context.SaveChangesAsync();
        }

        await using var imported = new SyncTestHost<AllTypesContext>(target, "b");
        await imported.CreateSchemaAsync();

        await imported.ImportAsync(await original.ExportAsync());

        (await StoredAsync(target)).Should().Equal(await StoredAsync(source));
        await using (var scope = imported.NewContext())
        {
            var row = AllTypesRows.Create()[0];
            (await scope.Context.Rows.CountAsync(r => r.GuidValue == row.GuidValue && r.GuidOrNull == row.GuidOrNull && r.DecimalValue == row.DecimalValue
                && r.DateTimeValue == row.DateTimeValue && r.DateTimeOffsetValue == row.DateTimeOffsetValue && r.DateOnlyValue == row.DateOnlyValue
                && r.TimeOnlyValue == row.TimeOnlyValue && r.TimeSpanValue == row.TimeSpanValue && r.CharValue == row.CharValue
                && r.UlongValue == row.UlongValue && r.EnumAsText == row.EnumAsText && r.BytesValue == row.BytesValue)).Should().Be(1);
        }
    }

    [SkippableFact]
    public async Task An_offset_other_than_zero_survives_an_import_into_SQLite()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        row.DateTimeOffsetValue = new DateTimeOffset(2004, 12, 26, 9, 0, 0, 250, TimeSpan.FromHours(5.5));
        await using var original = await CreateHostAsync(source, "a", row);
        await using var imported = new SyncTestHost<AllTypesContext>(target, "b");
        await imported.CreateSchemaAsync();

        await imported.ImportAsync(await original.ExportAsync(Plain));

        (await ReadRowsAsync(await imported.ExportAsync(Plain))).Single()["date_time_offset_value"].Should().Be("2004-12-26 09:00:00.25+05:30");
        await ShouldHoldAsync(imported, [row]);
    }

    /// <summary>Every column of every row as SQLite holds it: its storage class and its SQL literal.</summary>
    private static async Task<List<string>> StoredAsync(TestDatabase database)
    {
        await using var connection = database.OpenConnection();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('test_all_types') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var stored = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(" || ' ' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || quote(\"{c}\")")) + " FROM test_all_types ORDER BY id";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.AddRange(reader.GetString(0).Split(' '));
            }
        }

        return stored;
    }
}

public sealed class PostgresAllTypesImportTests : AllTypesImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public async Task Every_type_travels_from_SQLite_to_PostgreSQL_byte_for_byte()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();

        await AssertTravelsAsync(sqlite, postgres);
    }

    [SkippableFact]
    public async Task Every_type_travels_from_PostgreSQL_to_SQLite_byte_for_byte()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();

        await AssertTravelsAsync(postgres, sqlite);
    }

    [SkippableFact]
    public async Task Every_type_updates_from_SQLite_into_PostgreSQL()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();

        await AssertUpdatesAsync(sqlite, postgres);
    }

    [SkippableFact]
    public async Task Every_type_updates_from_PostgreSQL_into_SQLite()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();

        await AssertUpdatesAsync(postgres, sqlite);
    }

    [SkippableFact]
    public async Task An_offset_from_SQLite_arrives_in_PostgreSQL_as_the_same_instant_in_UTC_and_is_no_change_going_back()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();
        var row = AllTypesRows.Create()[0];
        row.DateTimeOffsetValue = new DateTimeOffset(2004, 12, 26, 9, 0, 0, 250, TimeSpan.FromHours(5.5));
        await using var fromSqlite = await CreateHostAsync(sqlite, "a", row);
        await using var toPostgres = new SyncTestHost<AllTypesContext>(postgres, "b");
        await toPostgres.CreateSchemaAsync();

        await toPostgres.ImportAsync(await fromSqlite.ExportAsync(Plain));

        // Npgsql writes timestamptz only in UTC (docs/format.md, "Providers"): the instant is kept, the offset is not.
        var back = await toPostgres.ExportAsync(Plain);
        (await ReadRowsAsync(back)).Single()["date_time_offset_value"].Should().Be("2004-12-26 03:30:00.25+00:00");
        (await fromSqlite.ImportAsync(back)).HasChanges.Should().BeFalse("the same instant is the same value");
    }

    [SkippableFact]
    public async Task NaN_and_negative_zero_survive_an_import_into_PostgreSQL()
    {
        await using var source = await CreateDatabaseAsync();
        await using var target = await CreateDatabaseAsync();
        var row = AllTypesRows.Create()[0];
        (row.DoubleValue, row.DoubleOrNull, row.FloatValue) = (double.NaN, -0.0, float.NaN);
        await using var original = await CreateHostAsync(source, "a", row);
        var file = await original.ExportAsync(Plain);
        await using var imported = new SyncTestHost<AllTypesContext>(target, "b");
        await imported.CreateSchemaAsync();

        await imported.ImportAsync(file);

        Text(await imported.ExportAsync(Plain)).Should().Be(Text(file));
        (await imported.ImportAsync(file)).HasChanges.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_NaN_from_PostgreSQL_fails_an_import_into_SQLite_and_changes_nothing()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();
        var row = AllTypesRows.Create()[0];
        row.DoubleOrNull = double.NaN;
        await using var fromPostgres = await CreateHostAsync(postgres, "a", row);
        await using var intoSqlite = await CreateHostAsync(sqlite, "b", AllTypesRows.Create()[1]);
        var file = await fromPostgres.ExportAsync(Plain);
        var before = Text(await intoSqlite.ExportAsync(Backup));

        var import = () => intoSqlite.ImportAsync(file);

        // SQLite cannot store NaN (docs/format.md, "Providers"); Microsoft.Data.Sqlite refuses to bind it, the
        // import names the rows and rolls back. Not even a nullable column takes it as NULL.
        var refused = (await import.Should().ThrowAsync<SyncException>()).Which;
        refused.Message.Should().Contain("NaN").And.Contain("test_all_types rows of lines 3 to 3");
        refused.InnerException.Should().BeOfType<InvalidOperationException>();
        Text(await intoSqlite.ExportAsync(Backup)).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_SQLite_backup_restores_into_PostgreSQL_and_a_PostgreSQL_backup_into_SQLite()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var restoredPostgres = await PostgresTestDatabase.CreateAsync();
        await using var sqlite = new SqliteTestDatabase();
        await using var restoredSqlite = new SqliteTestDatabase();
        var rows = AllTypesRows.Create();
        (rows[0].Id, rows[1].Id, rows[2].Id) = (5, 17, 42);
        await using var fromSqlite = await CreateHostAsync(sqlite, "a", rows);
        await using var fromPostgres = await CreateHostAsync(postgres, "a", AllTypesRows.Create());
        await using var intoPostgres = new SyncTestHost<AllTypesContext>(restoredPostgres, "a");
        await using var intoSqlite = new SyncTestHost<AllTypesContext>(restoredSqlite, "a");
        await intoPostgres.CreateSchemaAsync();
        await intoSqlite.CreateSchemaAsync();
        var sqliteBackup = await fromSqlite.ExportAsync(Backup);
        var postgresBackup = await fromPostgres.ExportAsync(Backup);

        await intoPostgres.ImportAsync(sqliteBackup, new ImportOptions { Restore = true });
        await intoSqlite.ImportAsync(postgresBackup, new ImportOptions { Restore = true });

        Text(await intoPostgres.ExportAsync(Backup)).Should().Be(Text(sqliteBackup));
        Text(await intoSqlite.ExportAsync(Backup)).Should().Be(Text(postgresBackup));
        await ShouldHoldAsync(intoPostgres, rows);
        var added = AllTypesRows.Create()[0];
        added.Uuid = "urn:uuid:types-new";
        await using (var scope = intoPostgres.NewContext())
        {
            scope.Context.Rows.Add(added);
            await scope.Context.SaveChangesAsync();
        }

        added.Id.Should().Be(43);
    }
}
