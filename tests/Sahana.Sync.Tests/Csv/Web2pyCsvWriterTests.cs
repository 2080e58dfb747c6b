using System.Text;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class Web2pyCsvWriterTests
{
    [Fact]
    public async Task Fields_are_quoted_only_when_they_hold_a_comma_a_quote_CR_or_LF()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["a", "b", "c", "d", "e", "f"]);
            await RowAsync(writer, "a,b", "say \"hi\"", "cr\ronly", "lf\nonly", "crlf\r\nboth", " spaces and 'apostrophes' ");
            writer.EndTable();
        });

        Text(bytes).Should().Be(
            "TABLE t\r\nt.a,t.b,t.c,t.d,t.e,t.f\r\n"
            + "\"a,b\",\"say \"\"hi\"\"\",\"cr\ronly\",\"lf\nonly\",\"crlf\r\nboth\", spaces and 'apostrophes' \r\n"
            + "\r\n\r\nEND");
    }

    [Fact]
    public async Task Null_is_an_unquoted_NULL_and_the_empty_string_an_empty_field()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["a", "b", "c", "d"]);
            await RowAsync(writer, null, string.Empty, "<NULL> is not null here", "x");
            writer.EndTable();
        });

        Text(bytes).Should().Be("TABLE t\r\nt.a,t.b,t.c,t.d\r\n<NULL>,,<NULL> is not null here,x\r\n\r\n\r\nEND");
    }

    [Fact]
    public async Task The_string_NULL_itself_is_quoted_so_that_it_does_not_read_as_null()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["a", "b"]);
            await RowAsync(writer, "<NULL>", null);
            writer.EndTable();
        });

        Text(bytes).Should().Be("TABLE t\r\nt.a,t.b\r\n\"<NULL>\",<NULL>\r\n\r\n\r\nEND");
    }

    [Fact]
    public async Task A_row_of_one_empty_field_is_written_as_two_quotes_so_it_is_not_an_empty_line()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["only"]);
            await RowAsync(writer, string.Empty);
            await RowAsync(writer, [null]);
            writer.EndTable();
        });

        Text(bytes).Should().Be("TABLE t\r\nt.only\r\n\"\"\r\n<NULL>\r\n\r\n\r\nEND");
    }

    [Fact]
    public async Task Sections_follow_each_other_with_two_empty_lines_an_empty_table_has_no_header_and_END_has_no_line_break()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("org_sector", ["id", "name"]);
            await RowAsync(writer, "1", "Health");
            writer.EndTable();
            writer.StartTable("empty_table", ["id"]);
            writer.EndTable();
            writer.StartTable("gis_config", ["id"]);
            await RowAsync(writer, "1");
            writer.EndTable();
        });

        Text(bytes).Should().Be(
            "TABLE org_sector\r\norg_sector.id,org_sector.name\r\n1,Health\r\n\r\n\r\n"
            + "TABLE empty_table\r\n\r\n\r\n"
            + "TABLE gis_config\r\ngis_config.id\r\n1\r\n\r\n\r\n"
            + "END");
    }

    [Fact]
    public async Task A_file_without_tables_is_just_END()
    {
        Text(await WriteAsync(_ => Task.CompletedTask)).Should().Be("END");
    }

    [Fact]
    public async Task Text_is_UTF8_without_a_byte_order_mark()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["name"]);
            await RowAsync(writer, "சுதா Łukasz Zoë කමල් 😀");
            writer.EndTable();
        });

        bytes.AsSpan(0, 5).ToArray().Should().Equal("TABLE"u8.ToArray());
        bytes.Should().Equal(Encoding.UTF8.GetBytes("TABLE t\r\nt.name\r\nசுதா Łukasz Zoë කමල් 😀\r\n\r\n\r\nEND"));
    }

    [Fact]
    public async Task A_field_can_be_written_from_a_span()
    {
        var bytes = await WriteAsync(async writer =>
        {
            writer.StartTable("t", ["a", "b"]);
            writer.WriteField("1,5".AsSpan());
            writer.WriteField("<NULL>".AsSpan());
            await writer.EndRowAsync();
            writer.EndTable();
        });

        Text(bytes).Should().Be("TABLE t\r\nt.a,t.b\r\n\"1,5\",\"<NULL>\"\r\n\r\n\r\nEND");
    }

    [Theory]
    [MemberData(nameof(Web2pyFixtures.CsvFiles), MemberType = typeof(Web2pyFixtures))]
    public async Task Writing_back_what_was_read_from_a_pydal_export_gives_the_same_bytes(string fixture)
    {
        var original = Web2pyFixtures.Read(fixture);
        var copy = new MemoryStream();

        await using (var reader = new Web2pyCsvReader(new MemoryStream(original)))
        await using (var writer = new Web2pyCsvWriter(copy, leaveOpen: true))
        {
            var inTable = false;
            while (await reader.ReadAsync() is var kind && kind != Web2pyCsvRecordKind.End)
            {
                if (kind == Web2pyCsvRecordKind.Table)
                {
                    if (inTable)
                    {
                        writer.EndTable();
                    }

                    writer.StartTable(reader.Table!, reader.Columns);
                    inTable = true;
                }
                else
                {
                    await RowAsync(writer, reader.Fields);
                }
            }

            if (inTable)
            {
                writer.EndTable();
            }

            await writer.WriteEndAsync();
        }

        copy.ToArray().Should().Equal(original);
    }

    [Fact]
    public async Task Output_reaches_the_stream_in_bounded_chunks_while_rows_are_written()
    {
        var stream = new RecordingStream();
        await using var writer = new Web2pyCsvWriter(stream, leaveOpen: true);
        writer.StartTable("pr_person", ["id", "first_name", "comments", "uuid"]);
        for (var i = 0; i < 200_000; i++)
        {
            writer.WriteField(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteField("Łukasz");
            writer.WriteField("arrived with 2 children, \"urgent\"");
            writer.WriteField("urn:uuid:65b1d230-2cb9-42bb-b3fd-fbe3d57715f1");
            await writer.EndRowAsync();
        }

        var writtenBeforeEnd = stream.Length;
        writer.EndTable();
        await writer.WriteEndAsync();

        writtenBeforeEnd.Should().BeGreaterThan(stream.Length - (256 * 1024), "rows go out as they are written, not at the end");
        stream.LargestWrite.Should().BeLessThanOrEqualTo(256 * 1024);
        writer.RowCount.Should().Be(200_000);
    }

    [Fact]
    public async Task FlushAsync_hands_everything_written_so_far_to_the_stream()
    {
        var stream = new MemoryStream();
        await using var writer = new Web2pyCsvWriter(stream, leaveOpen: true);
        writer.StartTable("t", ["a"]);
        await RowAsync(writer, "1");

        await writer.FlushAsync();

        Text(stream.ToArray()).Should().Be("TABLE t\r\nt.a\r\n1\r\n");
    }

    [Fact]
    public async Task Disposing_closes_the_stream_unless_it_is_left_open()
    {
        var owned = new MemoryStream();
        var borrowed = new MemoryStream();

        await new Web2pyCsvWriter(owned).DisposeAsync();
        await new Web2pyCsvWriter(borrowed, leaveOpen: true).DisposeAsync();

        owned.CanWrite.Should().BeFalse();
        borrowed.CanWrite.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("a\"b")]
    [InlineData("tab\there")]
    public async Task A_table_name_that_would_not_read_back_is_refused(string table)
    {
        await using var writer = new Web2pyCsvWriter(new MemoryStream());

        var start = () => writer.StartTable(table, ["id"]);

        start.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Columns_must_be_present_named_and_distinct()
    {
        await using var writer = new Web2pyCsvWriter(new MemoryStream());

        writer.Invoking(w => w.StartTable("t", [])).Should().Throw<ArgumentException>();
        writer.Invoking(w => w.StartTable("t", ["a", ""])).Should().Throw<ArgumentException>();
        writer.Invoking(w => w.StartTable("t", ["a", "a"])).Should().Throw<ArgumentException>().WithMessage("*'a'*");
    }

    [Fact]
    public async Task A_row_must_have_a_field_for_every_column()
    {
        await using var writer = new Web2pyCsvWriter(new MemoryStream());
        writer.StartTable("t", ["a", "b"]);
        writer.WriteField("1");

        await writer.Invoking(w => w.EndRowAsync().AsTask()).Should().ThrowAsync<InvalidOperationException>().WithMessage("*1 fields*2 columns*");
        writer.WriteField("2");
        writer.Invoking(w => w.WriteField("3")).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Text_with_a_NUL_character_is_refused_with_its_table_and_column_since_no_reader_takes_it()
    {
        await using var writer = new Web2pyCsvWriter(new MemoryStream());
        writer.StartTable("t", ["a", "b"]);
        writer.WriteField("1");

        var write = () => writer.WriteField("a\0b");

        var e = write.Should().Throw<SyncFormatException>().Which;
        (e.Table, e.Column).Should().Be(("t", "b"));
        e.Message.Should().Be("Table 't', column 'b': text with a NUL character (U+0000) cannot be written to a sync file.");
    }

    [Fact]
    public async Task Calls_out_of_order_are_refused()
    {
        await using var writer = new Web2pyCsvWriter(new MemoryStream());

        writer.Invoking(w => w.WriteField("x")).Should().Throw<InvalidOperationException>();
        writer.Invoking(w => w.EndTable()).Should().Throw<InvalidOperationException>();
        writer.StartTable("t", ["a"]);
        writer.Invoking(w => w.StartTable("u", ["a"])).Should().Throw<InvalidOperationException>();
        await writer.Invoking(w => w.WriteEndAsync().AsTask()).Should().ThrowAsync<InvalidOperationException>();
        writer.WriteField("x");
        writer.Invoking(w => w.EndTable()).Should().Throw<InvalidOperationException>();
        await writer.EndRowAsync();
        writer.EndTable();
        await writer.WriteEndAsync();
        writer.Invoking(w => w.StartTable("u", ["a"])).Should().Throw<InvalidOperationException>();
        await writer.Invoking(w => w.WriteEndAsync().AsTask()).Should().ThrowAsync<InvalidOperationException>();
    }

    private static async Task<byte[]> WriteAsync(Func<Web2pyCsvWriter, Task> write)
    {
        var stream = new MemoryStream();
        await using (var writer = new Web2pyCsvWriter(stream, leaveOpen: true))
        {
            await write(writer);
            await writer.WriteEndAsync();
        }

        return stream.ToArray();
    }

    private static async Task RowAsync(Web2pyCsvWriter writer, params string?[] fields)
    {
        foreach (var field in fields)
        {
            writer.WriteField(field);
        }

        await writer.EndRowAsync();
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Counts what is written and remembers the largest single write, keeping nothing.</summary>
    private sealed class RecordingStream : Stream
    {
        private long _length;

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
