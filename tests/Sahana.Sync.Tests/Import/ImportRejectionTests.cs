using System.Text;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Import;

/// <summary>
/// Every way an import is refused, each on a site that has already synced once (so <c>sync_instance</c>
/// holds a row the refused import would update): the exception names table, line and column and says what
/// was expected, and the database is left exactly as it was, every row of every table compared.
/// </summary>
/// <remarks>
/// Site b (b_final.csv) imports a corrupted copy of site a's dump (a_final.csv). Unbroken, that file updates
/// rows of every synced table, table by table. A format error is found while the file is first read, before
/// anything is written; a dangling reference, a missing lookup id or a cancellation comes during the merge,
/// after earlier tables were written, so an unchanged database there proves the rollback. Expected lines
/// are computed from the corrupted text.
/// </remarks>
public abstract class ImportRejectionTests : DatabaseTests
{
    private const string Registrations = "cr_shelter_registration";

    private const string OrganisationHeader =
        "org_organisation.id,org_organisation.name,org_organisation.acronym,org_organisation.website,org_organisation.comments,org_organisation.uuid,org_organisation.deleted,org_organisation.created_on,org_organisation.modified_on\r\n";

    // Site a's first file to site b: one organisation that neither dump has.
    private const string FirstFileFromA =
        "TABLE org_organisation\r\n" + OrganisationHeader
        + "7,First Sync Relief,FSR,<NULL>,<NULL>,urn:uuid:f0000000-0000-0000-0000-00000000000f,False,2009-12-26 08:00:00,2009-12-26 08:00:00\r\n"
        + "\r\n\r\nEND";

    // Registration 40, deep in the last section; its uuid and its check-in appear nowhere else in the file.
    private const string Registration40 = "40,8,26,2009-12-26 08:41:44,<NULL>,urn:uuid:cca4b02b-afdc-47c4-aab8-9a164b9848d9,False,2009-12-26 08:42:19,2009-12-26 08:42:19\r\n";
    private const string Registration40Uuid = "urn:uuid:cca4b02b-afdc-47c4-aab8-9a164b9848d9";

    // Shelter 2, an edit of site a's that is newer than site b's copy: the merge writes it.
    private const string Shelter2 = "2,Shelter 1 Ruwan,3,1,279,362,";

    private static readonly string SiteA = FixtureLoader.ReadText(FixtureLoader.PathOf("two-sites", "a_final.csv"));

    [SkippableFact]
    public async Task The_unbroken_file_changes_every_synced_table_so_an_unchanged_database_means_a_rollback()
    {
        await using var site = await SiteBAsync();

        var report = await site.Host.ImportAsync(Encoding.UTF8.GetBytes(SiteA), new ImportOptions { Sender = "a" });

        report.Tables.Select(t => t.Table).Should().Equal("org_organisation", "cr_shelter", "pr_person", Registrations);
        report.Tables.Should().OnlyContain(t => t.Updated > 0, "every table is written before the next is merged");
        report.Sender!.SyncCount.Should().Be(2, "the first import from a was recorded");
        (await DatabaseState.FingerprintAsync(site.Host)).Should().NotBe(site.Before);
    }

    [SkippableTheory]
    [InlineData("41,1,35,2009-12-26 08:43:41", 0, Registrations)]
    [InlineData("\r\n\r\n\r\nEND", 6, null)]
    public async Task A_file_cut_at_a_row_boundary_or_before_END_is_truncated(string cutBefore, int skip, string? table)
    {
        var file = SiteA[..(SiteA.IndexOf(cutBefore, StringComparison.Ordinal) + skip)];
        var line = LineAt(file, file.Length);

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((table, line, null));
        e.Message.Should().EndWith("the file ends without END: it is truncated.");
    }

    [SkippableFact]
    public async Task A_file_cut_in_the_middle_of_a_row_is_truncated()
    {
        var at = SiteA.IndexOf("41,1,35,2009-12-26 08:4", StringComparison.Ordinal);
        var file = SiteA[..(at + "41,1,35,2009-12-26 08:4".Length)];

        var e = await RejectedAsync<SyncFormatException>(file);

        var line = LineAt(file, at);
        Place(e).Should().Be((Registrations, line, null));
        e.Message.Should().Be($"Line {line} of table '{Registrations}': expected 9 fields as in the header, found 4; the file ends there without END: it is truncated.");
    }

    [SkippableFact]
    public async Task A_quote_inside_an_unquoted_field_is_refused()
    {
        var (file, line) = Corrupt(Registration40Uuid, "urn:uuid:\"cca4b02b-afdc-47c4-aab8-9a164b9848d9");

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "uuid"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'uuid': a quote inside an unquoted field; a field with a quote must be quoted as a whole, its quotes doubled.");
    }

    [SkippableFact]
    public async Task A_quote_that_is_never_closed_is_refused_at_the_line_where_it_opens()
    {
        var (file, line) = Corrupt(Registration40Uuid, "\"" + Registration40Uuid);

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "uuid"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'uuid': a quoted field is never closed.");
    }

    [SkippableTheory]
    [InlineData(",False,", ",False,extra,", 10)]
    [InlineData(",<NULL>,urn:uuid:cca4b02b", ",urn:uuid:cca4b02b", 8)]
    public async Task A_row_with_more_or_fewer_fields_than_the_header_is_refused(string find, string replacement, int fields)
    {
        var (file, line) = Corrupt(Registration40, Registration40.Replace(find, replacement, StringComparison.Ordinal));

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, null));
        e.Message.Should().Be($"Line {line} of table '{Registrations}': expected 9 fields as in the header, found {fields}.");
    }

    [SkippableFact]
    public async Task A_number_that_is_not_a_number_is_refused()
    {
        var (file, line) = Corrupt(Shelter2, "2,Shelter 1 Ruwan,3,1,abc,362,");

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be(("cr_shelter", line, "capacity"));
        e.Message.Should().Be($"Line {line} of table 'cr_shelter', column 'capacity': expected an integer from -2147483648 to 2147483647, found 'abc'.");
    }

    [SkippableTheory]
    [InlineData("2009-12-32 08:41:44")]
    [InlineData("26/12/2009 08:41")]
    [InlineData("")]
    public async Task A_date_that_is_not_a_date_is_refused(string checkIn)
    {
        var (file, line) = Corrupt("2009-12-26 08:41:44", checkIn);

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "check_in"));
        var found = checkIn.Length == 0 ? "an empty field" : $"'{checkIn}'";
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'check_in': expected a date and time as yyyy-MM-dd HH:mm:ss, found {found}.");
    }

    [SkippableFact]
    public async Task An_empty_uuid_is_refused()
    {
        var (file, line) = Corrupt(Registration40Uuid, "");

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "uuid"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'uuid': expected a uuid, found an empty field.");
    }

    [SkippableFact]
    public async Task A_NULL_uuid_is_refused()
    {
        var (file, line) = Corrupt(Registration40Uuid, "<NULL>");

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "uuid"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'uuid': expected text, found <NULL> in a column that requires a value.");
    }

    [SkippableFact]
    public async Task A_NULL_modified_on_is_refused()
    {
        var (file, line) = Corrupt(Registration40, Registration40.Replace(",2009-12-26 08:42:19\r\n", ",<NULL>\r\n", StringComparison.Ordinal));

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "modified_on"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'modified_on': expected a date and time as yyyy-MM-dd HH:mm:ss, found <NULL> in a column that requires a value.");
    }

    [SkippableFact]
    public async Task A_reference_to_an_id_the_files_parent_section_lacks_is_refused_after_earlier_tables_were_written()
    {
        var (file, line) = Corrupt(Registration40, Registration40.Replace("40,8,26,", "40,8,99,", StringComparison.Ordinal));

        var e = await RejectedAsync<SyncReferenceException>(file);

        Place(e).Should().Be((Registrations, line, "person_id"));
        e.Value.Should().Be("99");
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'person_id': expected a pr_person row for 99, but the file's pr_person section has no row with id 99.");
    }

    [SkippableFact]
    public async Task A_delta_reference_to_a_uuid_that_exists_nowhere_is_refused_after_earlier_tables_were_written()
    {
        const string Nobody = "urn:uuid:00000000-0000-0000-0000-000000000000";
        var file =
            "TABLE org_organisation\r\n" + OrganisationHeader
            + "7,Delta Relief,DR,<NULL>,<NULL>,urn:uuid:d0000000-0000-0000-0000-00000000000d,False,2009-12-27 10:00:00,2009-12-27 10:00:00\r\n"
            + "\r\n\r\n"
            + "TABLE cr_shelter_registration\r\n"
            + "cr_shelter_registration.id,cr_shelter_registration.shelter_id,cr_shelter_registration.person_id,cr_shelter_registration.check_in,cr_shelter_registration.check_out,cr_shelter_registration.uuid,cr_shelter_registration.deleted,cr_shelter_registration.created_on,cr_shelter_registration.modified_on,cr_shelter_registration.shelter_id__uuid,cr_shelter_registration.person_id__uuid\r\n"
            + "51,3,5,2009-12-27 10:05:00,<NULL>,urn:uuid:d0000000-0000-0000-0000-0000000000aa,False,2009-12-27 10:05:00,2009-12-27 10:05:00,urn:uuid:282ee0bc-04a1-4de4-8806-aa81e65150b5,urn:uuid:70293815-5351-42c1-a8fb-46b52a2d551f\r\n"
            + $"52,3,6,2009-12-27 10:06:00,<NULL>,urn:uuid:d0000000-0000-0000-0000-0000000000bb,False,2009-12-27 10:06:00,2009-12-27 10:06:00,urn:uuid:282ee0bc-04a1-4de4-8806-aa81e65150b5,{Nobody}\r\n"
            + "\r\n\r\n"
            + "END";

        var e = await RejectedAsync<SyncReferenceException>(file);

        Place(e).Should().Be((Registrations, 9L, "person_id"));
        e.Value.Should().Be(Nobody);
        e.Message.Should().Be($"Line 9 of table '{Registrations}', column 'person_id': expected a pr_person row with uuid {Nobody}, found none in the file or in this database.");
    }

    [SkippableFact]
    public async Task A_lookup_id_that_does_not_exist_here_is_refused_after_earlier_tables_were_written()
    {
        var (file, line) = Corrupt(Shelter2, "2,Shelter 1 Ruwan,3,99,279,362,");

        var e = await RejectedAsync<SyncReferenceException>(file);

        Place(e).Should().Be(("cr_shelter", line, "sector_id"));
        e.Value.Should().Be("99");
        e.Message.Should().StartWith($"Line {line} of table 'cr_shelter', column 'sector_id': expected a org_sector row with id 99 in this database, found none");
    }

    [SkippableTheory]
    [InlineData("shelter_id", "40,8,26,", "40,99999999999,26,")]
    [InlineData("id", "40,8,26,", "-99999999999,8,26,")]
    public async Task An_integer_out_of_range_is_refused(string column, string find, string replacement)
    {
        var (file, line) = Corrupt(Registration40, Registration40.Replace(find, replacement, StringComparison.Ordinal));

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, column));
        e.Message.Should().MatchRegex($"^Line {line} of table '{Registrations}', column '{column}': expected an integer from -2147483648 to 2147483647, found '-?99999999999'\\.$");
    }

    [SkippableFact]
    public async Task A_uuid_longer_than_its_column_is_refused()
    {
        var (file, line) = Corrupt(Registration40Uuid, "urn:uuid:" + new string('f', 120));

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, "uuid"));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column 'uuid': expected at most 128 characters, found 129.");
    }

    [SkippableTheory]
    [InlineData("uuid")]
    [InlineData("modified_on")]
    public async Task A_synced_section_without_its_uuid_or_modified_on_column_is_refused(string column)
    {
        var file = WithoutColumn(SiteA, Registrations, column);
        var line = LineAt(file, file.IndexOf($"TABLE {Registrations}\r\n", StringComparison.Ordinal));

        var e = await RejectedAsync<SyncFormatException>(file);

        Place(e).Should().Be((Registrations, line, column));
        e.Message.Should().Be($"Line {line} of table '{Registrations}', column '{column}': a synced table's section must have the column {column}.");
    }

    [SkippableTheory]
    [InlineData("org_organisation")]
    [InlineData("cr_shelter")]
    [InlineData("pr_person")]
    [InlineData(Registrations)]
    public async Task A_cancellation_after_a_table_was_written_rolls_the_import_back(string table)
    {
        await using var site = await SiteBAsync();
        using var cancellation = new CancellationTokenSource();
        var reports = new List<SyncProgress>();
        var progress = new CallbackProgress(p =>
        {
            reports.Add(p);
            if (p.Table == table)
            {
                cancellation.Cancel();
            }
        });

        var act = () => site.Host.ImportAsync(Encoding.UTF8.GetBytes(SiteA), new ImportOptions { Sender = "a", Progress = progress }, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        reports.Last().Table.Should().Be(table, "the import stops at the first check after the cancellation");
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
    }

    [SkippableFact]
    public async Task A_token_cancelled_before_the_import_starts_changes_nothing()
    {
        await using var site = await SiteBAsync();

        var act = () => site.Host.ImportAsync(Encoding.UTF8.GetBytes(SiteA), new ImportOptions { Sender = "a" }, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before);
    }

    [SkippableFact]
    public async Task A_file_naming_another_sender_than_the_one_expected_is_refused()
    {
        var file = "TABLE sync_instance\r\n"
            + "sync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,sync_instance.last_update,sync_instance.sync_count\r\n"
            + "z,Zeta office,<NULL>,<NULL>,2009-12-26 10:00:00,0\r\n"
            + "\r\n\r\n"
            + SiteA;

        var e = await RejectedAsync<SyncSenderException>(file, new ImportOptions { Sender = "a" });

        e.Message.Should().Be("The file was exported by instance 'z', but the import expects 'a' (ImportOptions.Sender). Nothing was changed.");
    }

    /// <summary>
    /// Site b after a first, small import from site a, so that <c>sync_instance</c> holds a row for a that
    /// the import under test would update; and its fingerprint then.
    /// </summary>
    private async Task<Site> SiteBAsync()
    {
        var database = await CreateDatabaseAsync();
        try
        {
            await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
            var host = new SyncTestHost<ReliefContext>(database, "b");
            await host.CreateSchemaAsync();
            var first = await host.ImportAsync(FirstFileFromA, new ImportOptions { Sender = "a" });
            first.Sender!.SyncCount.Should().Be(1);
            return new Site(database, host, await DatabaseState.FingerprintAsync(host));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Imports <paramref name="file"/> into a fresh site b, expects exactly <typeparamref name="T"/>, and checks nothing changed.</summary>
    private async Task<T> RejectedAsync<T>(string file, ImportOptions? options = null)
        where T : Exception
    {
        await using var site = await SiteBAsync();

        var act = () => site.Host.ImportAsync(Encoding.UTF8.GetBytes(file), options ?? new ImportOptions { Sender = "a" });

        var e = (await act.Should().ThrowAsync<Exception>()).Which;
        e.Should().BeOfType<T>();
        (await DatabaseState.FingerprintAsync(site.Host)).Should().Be(site.Before, "a refused import leaves every table as it was, sync_instance included");
        return (T)e;
    }

    private static (string? Table, long? Line, string? Column) Place(SyncFormatException e) => (e.Table, e.Line, e.Column);

    /// <summary>Site a's file with <paramref name="find"/>, which must occur once, replaced; and the line where it was.</summary>
    private static (string File, long Line) Corrupt(string find, string replacement)
    {
        var at = SiteA.IndexOf(find, StringComparison.Ordinal);
        at.Should().BeGreaterThan(0);
        SiteA.IndexOf(find, at + 1, StringComparison.Ordinal).Should().Be(-1, "the text to corrupt must be unique in the file");
        return (string.Concat(SiteA.AsSpan(0, at), replacement, SiteA.AsSpan(at + find.Length)), LineAt(SiteA, at));
    }

    /// <summary>The 1-based physical line at a position: one more than the line breaks before it (CRLF between records, bare LF inside quotes).</summary>
    private static long LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    /// <summary>The file with one column taken out of a section whose fields hold no comma, quote or line break.</summary>
    private static string WithoutColumn(string file, string table, string column)
    {
        var section = FixtureLoader.Section(file, table);
        var lines = section.Split("\r\n");
        var drop = Array.IndexOf(lines[1].Split(','), $"{table}.{column}");
        drop.Should().BeGreaterThan(0);
        var kept = lines.Select((l, i) => i == 0 || l.Length == 0 ? l : string.Join(',', l.Split(',').Where((_, f) => f != drop)));
        return file.Replace(section, string.Join("\r\n", kept), StringComparison.Ordinal);
    }

    private sealed class Site(TestDatabase database, SyncTestHost<ReliefContext> host, string before) : IAsyncDisposable
    {
        public SyncTestHost<ReliefContext> Host { get; } = host;

        /// <summary>Gets every row of every table before the import under test.</summary>
        public string Before { get; } = before;

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    /// <summary>Reports on the importing thread, unlike <see cref="Progress{T}"/>, so a cancellation takes effect at once.</summary>
    private sealed class CallbackProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}

public sealed class SqliteImportRejectionTests : ImportRejectionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresImportRejectionTests : ImportRejectionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
