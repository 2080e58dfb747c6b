namespace Sahana.Sync.Tests.Csv;

public sealed class SyncFormatExceptionTests
{
    [Fact]
    public void The_message_names_line_table_and_column_before_the_problem()
    {
        var e = new SyncFormatException("pr_person", 42, "gender", "expected an integer, found 'abc'");

        e.Message.Should().Be("Line 42 of table 'pr_person', column 'gender': expected an integer, found 'abc'.");
        e.Table.Should().Be("pr_person");
        e.Line.Should().Be(42);
        e.Column.Should().Be("gender");
    }

    [Theory]
    [InlineData("t", 7L, null, "Line 7 of table 't': bad.")]
    [InlineData(null, 7L, null, "Line 7: bad.")]
    [InlineData(null, 7L, "c", "Line 7, column 'c': bad.")]
    [InlineData("t", null, "c", "Table 't', column 'c': bad.")]
    [InlineData("t", null, null, "Table 't': bad.")]
    [InlineData(null, null, "c", "Column 'c': bad.")]
    [InlineData(null, null, null, "Bad.")]
    public void The_message_leaves_out_what_is_not_known(string? table, long? line, string? column, string expected)
    {
        new SyncFormatException(table, line, column, "bad").Message.Should().Be(expected);
    }

    [Fact]
    public void A_problem_that_ends_a_sentence_gets_no_second_full_stop()
    {
        new SyncFormatException(null, 1, null, "the file ends without END.").Message.Should().Be("Line 1: the file ends without END.");
    }

    [Fact]
    public void It_is_a_sync_exception_and_keeps_its_cause()
    {
        var cause = new FormatException("inner");

        var e = new SyncFormatException("t", 3, "c", "bad", cause);

        e.Should().BeAssignableTo<SyncException>();
        e.InnerException.Should().BeSameAs(cause);
    }

    [Fact]
    public void The_standard_constructors_keep_the_message_and_know_no_place()
    {
        var cause = new InvalidOperationException();

        new SyncFormatException().Line.Should().BeNull();
        new SyncFormatException("plain").Message.Should().Be("plain");
        var withCause = new SyncFormatException("plain", cause);
        withCause.InnerException.Should().BeSameAs(cause);
        withCause.Table.Should().BeNull();
        withCause.Column.Should().BeNull();
    }
}
