using System.Text;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class Web2pyCsvReaderTests
{
    private const string TwoTables =
        "TABLE org_sector\r\norg_sector.id,org_sector.name\r\n1,Health\r\n2,\"Water, Sanitation\"\r\n\r\n\r\n"
        + "TABLE pr_person\r\npr_person.id,pr_person.comments,pr_person.gender\r\n1,\"line one\nline two\",<NULL>\r\n2,,3\r\n\r\n\r\n"
        + "END";

    [Fact]
    public async Task Sections_give_their_table_columns_and_rows_with_the_line_where_each_record_starts()
    {
        var records = await ReadAllAsync(TwoTables);

        records.Should().Equal(
            "1 Table org_sector [id|name]",
            "3 Row [1|Health]",
            "4 Row [2|Water, Sanitation]",
            "7 Table pr_person [id|comments|gender]",
            "9 Row [1|line one\nline two|<null>]",
            "11 Row [2||3]",
            "14 End");
    }

    [Fact]
    public async Task A_quoted_newline_counts_as_a_line_for_the_records_after_it()
    {
        var records = await ReadAllAsync("TABLE t\r\nt.a,t.b\r\n1,\"a\r\nb\r\n\r\nc\"\r\n2,x\r\n\r\n\r\nEND");

        records.Should().Equal("1 Table t [a|b]", "3 Row [1|a\r\nb\r\n\r\nc]", "7 Row [2|x]", "10 End");
    }

    [Fact]
    public async Task LF_line_breaks_read_like_CRLF()
    {
        var crlf = await ReadAllAsync(TwoTables);

        var lf = await ReadAllAsync(TwoTables.Replace("\r\n", "\n", StringComparison.Ordinal));

        lf.Should().Equal(crlf);
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(TwoTables)).ToArray();

        (await ReadAllAsync(bytes)).Should().Equal(await ReadAllAsync(TwoTables));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n\r\n\r\n\r\n")]
    [InlineData("\n\n")]
    public async Task Any_number_of_empty_lines_may_separate_sections(string between)
    {
        var text = "TABLE a\r\na.id,a.name\r\n1,x\r\n" + between + "TABLE b\r\nb.id,b.name\r\n2,y\r\n" + between + "END";

        var records = await ReadAllAsync(text);

        records.Select(r => r[(r.IndexOf(' ', StringComparison.Ordinal) + 1)..]).Should().Equal(
            "Table a [id|name]", "Row [1|x]", "Table b [id|name]", "Row [2|y]", "End");
    }

    [Fact]
    public async Task Without_an_empty_line_a_TABLE_line_after_a_row_of_one_column_is_that_row()
    {
        var records = await ReadAllAsync("TABLE a\r\na.note\r\nTABLE b\r\n\r\n\r\nEND");

        records.Should().Equal("1 Table a [note]", "3 Row [TABLE b]", "6 End");
    }

    [Fact]
    public async Task A_quoted_TABLE_field_is_data()
    {
        var records = await ReadAllAsync("TABLE a\r\na.note,a.id\r\n\"TABLE b\",1\r\n\r\n\r\nEND");

        records.Should().Equal("1 Table a [note|id]", "3 Row [TABLE b|1]", "6 End");
        var e = await RejectAsync("TABLE a\r\na.note\r\n1\r\n\r\n\"TABLE b\"\r\nb.x\r\n\r\n\r\nEND");
        e.Line.Should().Be(5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r\n\r\n  \t\r\n\n")]
    public async Task Whitespace_and_line_breaks_may_follow_END(string after)
    {
        var records = await ReadAllAsync(TwoTables + after);

        records[^1].Should().Be("14 End");
    }

    [Fact]
    public async Task Empty_lines_before_the_first_section_are_skipped()
    {
        (await ReadAllAsync("\r\n\r\nTABLE t\r\nt.a\r\n1\r\n\r\n\r\nEND")).Should().Equal("3 Table t [a]", "5 Row [1]", "8 End");
    }

    [Fact]
    public async Task A_file_of_END_alone_has_no_sections()
    {
        (await ReadAllAsync("END")).Should().Equal("1 End");
    }

    [Fact]
    public async Task A_table_without_rows_has_only_its_header()
    {
        (await ReadAllAsync("TABLE t\r\nt.a,t.b\r\n\r\n\r\nEND")).Should().Equal("1 Table t [a|b]", "5 End");
    }

    [Fact]
    public async Task NULL_unquoted_is_null_while_quoted_it_is_the_string()
    {
        var records = await ReadAllAsync("TABLE t\r\nt.a,t.b,t.c,t.d\r\n<NULL>,\"<NULL>\",<NULL> is not null here,\r\n\r\n\r\nEND");

        records[1].Should().Be("3 Row [<null>|<NULL>|<NULL> is not null here|]");
    }

    [Fact]
    public async Task Two_quotes_alone_are_an_empty_string_in_a_table_of_one_column()
    {
        (await ReadAllAsync("TABLE t\r\nt.a\r\n\"\"\r\n\r\n\r\nEND")).Should().Equal("1 Table t [a]", "3 Row []", "6 End");
    }

    [Fact]
    public async Task Reading_after_END_returns_END_again()
    {
        await using var reader = new Web2pyCsvReader(Stream("END"));

        (await reader.ReadAsync()).Should().Be(Web2pyCsvRecordKind.End);
        (await reader.ReadAsync()).Should().Be(Web2pyCsvRecordKind.End);
    }

    [Fact]
    public async Task Every_row_gets_its_own_array_of_fields()
    {
        await using var reader = new Web2pyCsvReader(Stream(TwoTables));
        await reader.ReadAsync();
        await reader.ReadAsync();
        var first = reader.Fields;

        await reader.ReadAsync();

        reader.Fields.Should().NotBeSameAs(first);
        first.Should().Equal("1", "Health");
    }

    [Fact]
    public async Task A_stream_that_gives_one_byte_at_a_time_reads_the_same()
    {
        var bytes = Encoding.UTF8.GetBytes(TwoTables + "\r\n");

        var trickled = await ReadAllAsync(new TrickleStream(bytes));

        trickled.Should().Equal(await ReadAllAsync(bytes));
    }

    [Fact]
    public async Task Disposing_closes_the_stream_unless_it_is_left_open()
    {
        var owned = Stream("END");
        var borrowed = Stream("END");

        await new Web2pyCsvReader(owned).DisposeAsync();
        await new Web2pyCsvReader(borrowed, leaveOpen: true).DisposeAsync();

        owned.CanRead.Should().BeFalse();
        borrowed.CanRead.Should().BeTrue();
    }

    [Fact]
    public async Task Reading_can_be_cancelled()
    {
        await using var reader = new Web2pyCsvReader(new TrickleStream(Encoding.UTF8.GetBytes(TwoTables)));

        var read = async () => await reader.ReadAsync(new CancellationToken(canceled: true));

        await read.Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [MemberData(nameof(Web2pyFixtures.CsvFiles), MemberType = typeof(Web2pyFixtures))]
    public async Task A_pydal_export_reads_as_its_sections_rows_and_lines(string fixture)
    {
        var bytes = Web2pyFixtures.Read(fixture);

        var records = await ReadAllAsync(bytes);

        records.Should().Equal(NaiveTranscript(Encoding.UTF8.GetString(bytes)));
    }

    [Fact]
    public async Task Reading_a_pydal_export_keeps_quotes_newlines_and_non_Latin_text()
    {
        await using var reader = new Web2pyCsvReader(new MemoryStream(Web2pyFixtures.Read("two-sites-shuffled/a_final.csv")));
        var comments = new List<string?>();
        var names = new List<string?>();
        while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
        {
            if (kind == Web2pyCsvRecordKind.Row && reader.Table == "pr_person")
            {
                comments.Add(reader.Fields[reader.Columns.ToList().IndexOf("comments")]);
                names.Add(reader.Fields[reader.Columns.ToList().IndexOf("first_name")]);
            }
        }

        comments.Should().Contain("arrived with 2 children, \"urgent\"").And.Contain("line one\nline two").And.Contain("<NULL> is not null here");
        names.Should().Contain("Łukasz").And.Contain("சுதா").And.Contain("කමල්");
    }

    [Theory]
    [InlineData("", 1L, null)]
    [InlineData("TABLE t\r\nt.a\r\n1\r\n2", 5L, "t")]
    [InlineData("TABLE t\r\nt.a\r\n1\r\n", 4L, "t")]
    [InlineData("TABLE t\r\nt.a\r\n1\r\n\r\n\r\n", 6L, null)]
    [InlineData("TABLE t\r\n", 2L, "t")]
    [InlineData("TABLE t\r\nt.a\r\n1\r\n\r\n\r\nEN", 6L, null)]
    public async Task A_file_that_ends_without_END_is_truncated(string text, long line, string? table)
    {
        var e = await RejectAsync(text);

        e.Line.Should().Be(line);
        e.Table.Should().Be(table);
        if (!text.EndsWith("EN", StringComparison.Ordinal))
        {
            e.Message.Should().EndWith("the file ends without END: it is truncated.");
        }
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("1")]
    public async Task A_row_whose_field_count_differs_from_the_header_is_refused(string row)
    {
        var e = await RejectAsync("TABLE pr_person\r\npr_person.id,pr_person.name\r\n1,Ana\r\n" + row + "\r\n\r\n\r\nEND");

        e.Line.Should().Be(4);
        e.Table.Should().Be("pr_person");
        e.Message.Should().Be($"Line 4 of table 'pr_person': expected 2 fields as in the header, found {row.Split(',').Length}.");
    }

    [Theory]
    [InlineData("3,")]
    [InlineData("3")]
    [InlineData("3,\"multi\nline\"")]
    public async Task A_short_row_followed_by_more_input_is_refused_before_what_follows(string row)
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b,t.c\r\n1,x,y\r\n" + row + "\r\n2,\"broken\"quote,z\r\n\r\n\r\nEND");

        e.Line.Should().Be(4);
        e.Message.Should().StartWith("Line 4 of table 't': expected 3 fields as in the header, found ").And.NotContain("truncated");
    }

    [Theory]
    [InlineData("2,x", 2)]
    [InlineData("2,", 2)]
    [InlineData("2", 1)]
    public async Task A_file_cut_in_the_middle_of_a_row_is_truncated_at_that_row(string cut, int found)
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b,t.c\r\n1,\"multi\nline\",y\r\n" + cut);

        e.Line.Should().Be(5);
        e.Table.Should().Be("t");
        e.Message.Should().Be($"Line 5 of table 't': expected 3 fields as in the header, found {found}; the file ends there without END: it is truncated.");
    }

    [Theory]
    [InlineData("1,ab\"c", "b", "a quote inside an unquoted field")]
    [InlineData("1,\"ab\"c", "b", "text after the closing quote")]
    [InlineData("a\"b,x", "a", "a quote inside an unquoted field")]
    [InlineData("\"a,\"\"b\"\"\",c\"d", "b", "a quote inside an unquoted field")]
    [InlineData("\"a,\"\"b\"\"\"x,y", "a", "text after the closing quote")]
    public async Task Broken_quoting_is_refused_at_its_line_and_column(string row, string column, string problem)
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b\r\n1,\"multi\r\nline\"\r\n" + row + "\r\n\r\n\r\nEND");

        e.Line.Should().Be(5);
        e.Table.Should().Be("t");
        e.Column.Should().Be(column);
        e.Message.Should().StartWith($"Line 5 of table 't', column '{column}': ").And.Contain(problem);
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_is_refused_at_the_line_and_column_where_it_opens()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b\r\n1,x\r\n2,\"never closed\r\n3,y\r\n\r\n\r\nEND");

        e.Line.Should().Be(4);
        e.Table.Should().Be("t");
        e.Column.Should().Be("b");
        e.Message.Should().Contain("never closed");
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_in_a_large_file_stops_at_the_record_limit()
    {
        var text = "TABLE t\r\nt.a,t.b\r\n1,\"never closed\r\n" + string.Concat(Enumerable.Repeat("2,y\r\n", 100_000)) + "\r\n\r\nEND";

        var e = await RejectAsync(text, maxRecordLength: 10_000);

        e.Line.Should().Be(3);
        e.Message.Should().Contain("longer than 10000 bytes");
    }

    [Fact]
    public async Task Invalid_UTF8_is_refused_naming_its_column()
    {
        var bytes = Encoding.UTF8.GetBytes("TABLE t\r\nt.a,t.b\r\n1,x\r\n2,\u00ff\r\n\r\n\r\nEND");
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28;

        var e = await RejectAsync(bytes);

        e.Line.Should().Be(4);
        e.Table.Should().Be("t");
        e.Column.Should().Be("b");
        e.Message.Should().Contain("not valid UTF-8");
    }

    [Fact]
    public async Task A_NUL_byte_is_refused_naming_its_column()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b\r\n1,x\0y\r\n\r\n\r\nEND");

        e.Line.Should().Be(3);
        e.Column.Should().Be("b");
        e.Message.Should().Contain("NUL");
    }

    [Theory]
    [InlineData("END\r\nTABLE t")]
    [InlineData("END\r\n\r\nx")]
    [InlineData("END x")]
    public async Task Anything_but_whitespace_after_END_is_refused(string ending)
    {
        var e = await RejectAsync("TABLE t\r\nt.a\r\n1\r\n\r\n\r\n" + ending);

        e.Table.Should().BeNull();
        e.Line.Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task A_data_line_before_any_TABLE_line_is_refused()
    {
        var e = await RejectAsync("t.a,t.b\r\n1,2\r\n\r\n\r\nEND");

        e.Message.Should().Be("Line 1: expected a 'TABLE <name>' line before any data, found 't.a,t.b'.");
        e.Table.Should().BeNull();
    }

    [Fact]
    public async Task A_data_line_after_the_empty_lines_that_end_a_section_is_refused()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b\r\n1,2\r\n\r\n3,4\r\n\r\n\r\nEND");

        e.Line.Should().Be(5);
        e.Table.Should().BeNull();
        e.Message.Should().Contain("expected a 'TABLE <name>' line or END");
    }

    [Fact]
    public async Task An_empty_table_as_pydal_writes_it_is_a_section_without_columns_or_rows()
    {
        // pydal's db.export_to_csv_file for a table without rows: the TABLE line and two empty lines, no header.
        var records = await ReadAllAsync("TABLE a\r\na.id\r\n1\r\n\r\n\r\nTABLE b\r\n\r\n\r\nTABLE c\r\nc.id,c.x\r\n2,y\r\n\r\n\r\nEND");

        records.Should().Equal("1 Table a [id]", "3 Row [1]", "6 Table b []", "9 Table c [id|x]", "11 Row [2|y]", "14 End");
    }

    [Fact]
    public async Task An_empty_table_may_end_the_file_and_be_followed_by_any_number_of_empty_lines()
    {
        (await ReadAllAsync("TABLE b\r\n\r\nEND")).Should().Equal("1 Table b []", "3 End");
        (await ReadAllAsync("TABLE b\n\n\n\n\nEND\n")).Should().Equal("1 Table b []", "6 End");
    }

    [Fact]
    public async Task Between_sections_blank_lines_and_spaces_around_TABLE_and_END_are_read_as_pydal_strips_them()
    {
        var records = await ReadAllAsync("  \r\n TABLE a \r\na.id\r\n1\r\n\r\n \t\r\n\tTABLE b\r\n\r\n  END  ");

        records.Should().Equal("2 Table a [id]", "4 Row [1]", "7 Table b []", "9 End");
    }

    [Theory]
    [InlineData("t.a,b", "b")]
    [InlineData("t.a,other.b", "other.b")]
    [InlineData("t.a,tt.b", "tt.b")]
    [InlineData("t.a,t", "t")]
    public async Task A_header_field_without_its_table_prefix_is_refused(string header, string column)
    {
        var e = await RejectAsync("TABLE t\r\n" + header + "\r\n\r\n\r\nEND");

        e.Line.Should().Be(2);
        e.Table.Should().Be("t");
        e.Column.Should().Be(column);
        e.Message.Should().Be($"Line 2 of table 't', column '{column}': expected a header field 't.<column>', found '{column}'.");
    }

    [Fact]
    public async Task A_header_field_with_an_empty_column_name_is_refused()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.\r\n\r\n\r\nEND");

        e.Line.Should().Be(2);
        e.Message.Should().Contain("expected a column name after 't.'");
    }

    [Fact]
    public async Task A_column_named_twice_in_a_header_is_refused()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t.b,t.a\r\n\r\n\r\nEND");

        e.Line.Should().Be(2);
        e.Table.Should().Be("t");
        e.Column.Should().Be("a");
    }

    [Theory]
    [InlineData("TABLE")]
    [InlineData("TABLE ")]
    public async Task A_TABLE_line_without_a_name_is_refused(string line)
    {
        var e = await RejectAsync("TABLE a\r\na.x\r\n1\r\n\r\n\r\n" + line + "\r\nb.x\r\n\r\n\r\nEND");

        e.Line.Should().Be(6);
        e.Table.Should().BeNull();
        e.Message.Should().Contain("expected a table name after TABLE, found none");
    }

    [Theory]
    [InlineData("TABLE two words")]
    [InlineData("TABLE  padded")]
    [InlineData("TABLE a,b")]
    public async Task A_TABLE_line_whose_name_would_not_be_a_table_is_refused(string line)
    {
        var e = await RejectAsync(line + "\r\nx.y\r\n\r\n\r\nEND");

        e.Line.Should().Be(1);
        e.Message.Should().Contain("whitespace, a comma or a quote");
    }

    [Fact]
    public async Task A_table_that_appears_twice_is_refused()
    {
        var e = await RejectAsync("TABLE a\r\na.x\r\n\r\n\r\nTABLE b\r\nb.x\r\n\r\n\r\nTABLE a\r\na.x\r\n\r\n\r\nEND");

        e.Line.Should().Be(9);
        e.Table.Should().Be("a");
    }

    [Fact]
    public async Task A_value_longer_than_MaxFieldLength_is_refused_naming_its_column()
    {
        var text = "TABLE t\r\nt.a,t.b\r\n1,\"" + new string('x', 100) + "\"\r\n\r\n\r\nEND";

        var e = await RejectAsync(text, maxFieldLength: 99);

        e.Line.Should().Be(3);
        e.Column.Should().Be("b");
        e.Message.Should().Contain("longer than 99 bytes");
        (await ReadAllAsync(text, maxFieldLength: 100)).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_header_field_longer_than_MaxFieldLength_is_refused()
    {
        var e = await RejectAsync("TABLE t\r\nt.a,t." + new string('b', 20) + "\r\n\r\n\r\nEND", maxFieldLength: 10);

        e.Line.Should().Be(2);
    }

    [Fact]
    public async Task A_record_longer_than_MaxRecordLength_is_refused()
    {
        var text = "TABLE t\r\nt.a,t.b\r\n1,x\r\n" + new string('1', 60) + "," + new string('2', 60) + "\r\n\r\n\r\nEND";

        var e = await RejectAsync(text, maxRecordLength: 120);

        e.Line.Should().Be(4);
        e.Table.Should().Be("t");
        e.Message.Should().Contain("longer than 120 bytes");
        (await ReadAllAsync(text, maxRecordLength: 121)).Should().HaveCount(4);
    }

    [Fact]
    public async Task The_limits_default_to_1_MiB_a_value_and_4_MiB_a_record()
    {
        await using var reader = new Web2pyCsvReader(Stream("END"));

        reader.MaxFieldLength.Should().Be(1024 * 1024);
        reader.MaxRecordLength.Should().Be(4 * 1024 * 1024);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static Task<List<string>> ReadAllAsync(string text, int maxFieldLength = Web2pyCsvReader.DefaultMaxFieldLength, int maxRecordLength = Web2pyCsvReader.DefaultMaxRecordLength) =>
        ReadAllAsync(Stream(text), maxFieldLength, maxRecordLength);

    private static Task<List<string>> ReadAllAsync(byte[] bytes) => ReadAllAsync(new MemoryStream(bytes));

    /// <summary>Reads a whole file into one line of text per record: "line Kind [fields]".</summary>
    private static async Task<List<string>> ReadAllAsync(Stream stream, int maxFieldLength = Web2pyCsvReader.DefaultMaxFieldLength, int maxRecordLength = Web2pyCsvReader.DefaultMaxRecordLength)
    {
        var records = new List<string>();
        await using var reader = new Web2pyCsvReader(stream, false, maxFieldLength, maxRecordLength);
        while (true)
        {
            var kind = await reader.ReadAsync();
            records.Add(kind switch
            {
                Web2pyCsvRecordKind.Table => $"{reader.Line} Table {reader.Table} [{string.Join('|', reader.Columns)}]",
                Web2pyCsvRecordKind.Row => $"{reader.Line} Row [{string.Join('|', reader.Fields.Select(f => f ?? "<null>"))}]",
                _ => $"{reader.Line} {kind}",
            });
            if (kind == Web2pyCsvRecordKind.End)
            {
                return records;
            }
        }
    }

    private static Task<SyncFormatException> RejectAsync(string text, int maxFieldLength = Web2pyCsvReader.DefaultMaxFieldLength, int maxRecordLength = Web2pyCsvReader.DefaultMaxRecordLength) =>
        RejectAsync(Encoding.UTF8.GetBytes(text), maxFieldLength, maxRecordLength);

    private static async Task<SyncFormatException> RejectAsync(byte[] bytes, int maxFieldLength = Web2pyCsvReader.DefaultMaxFieldLength, int maxRecordLength = Web2pyCsvReader.DefaultMaxRecordLength)
    {
        var read = () => ReadAllAsync(new MemoryStream(bytes), maxFieldLength, maxRecordLength);
        return (await read.Should().ThrowAsync<SyncFormatException>()).Which;
    }

    /// <summary>
    /// The transcript a pydal export should read as, worked out without a CSV parser: pydal ends every
    /// record with CRLF and these files have only bare LFs inside quotes, so splitting on CRLF gives the
    /// records; a record's line is one more than the LFs before it; rows without quotes split on commas.
    /// </summary>
    private static List<string> NaiveTranscript(string text)
    {
        text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\r", "the fixture has CR only in CRLF");
        var transcript = new List<string>();
        var line = 1L;
        string? table = null;
        var header = false;
        foreach (var record in text.Split("\r\n"))
        {
            if (record == "END")
            {
                transcript.Add($"{line} End");
            }
            else if (record.StartsWith("TABLE ", StringComparison.Ordinal) && table is null)
            {
                table = record[6..];
                header = true;
            }
            else if (header)
            {
                var columns = record.Split(',').Select(c => c[(table!.Length + 1)..]);
                transcript.Add($"{line - 1} Table {table} [{string.Join('|', columns)}]");
                header = false;
            }
            else if (record.Length == 0)
            {
                table = null;
            }
            else if (!record.Contains('"', StringComparison.Ordinal))
            {
                transcript.Add($"{line} Row [{string.Join('|', record.Split(',').Select(f => f == "<NULL>" ? "<null>" : f))}]");
            }
            else
            {
                transcript.Add(QuotedRow(line, record));
            }

            line += record.Count(c => c == '\n') + 1;
        }

        return transcript;
    }

    /// <summary>A row with quotes, split by hand: a quoted field runs to the quote before the next comma or the end.</summary>
    private static string QuotedRow(long line, string record)
    {
        var fields = new List<string>();
        var rest = record;
        while (true)
        {
            string field;
            if (rest.StartsWith('"'))
            {
                var close = rest.IndexOf("\",", 1, StringComparison.Ordinal);
                var end = close < 0 ? rest.Length - 1 : close;
                field = rest[1..end].Replace("\"\"", "\"", StringComparison.Ordinal);
                rest = close < 0 ? string.Empty : rest[(close + 2)..];
                fields.Add(field);
                if (close < 0)
                {
                    break;
                }
            }
            else
            {
                var comma = rest.IndexOf(',', StringComparison.Ordinal);
                fields.Add(comma < 0 ? rest : rest[..comma]);
                if (comma < 0)
                {
                    break;
                }

                rest = rest[(comma + 1)..];
            }
        }

        return $"{line} Row [{string.Join('|', fields.Select(f => f == "<NULL>" ? "<null>" : f))}]";
    }

    /// <summary>A stream that returns one byte per read, asynchronously, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == bytes.Length || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = bytes[_position++];
            return 1;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return Read(buffer.Span);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
