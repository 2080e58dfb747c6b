using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class BooleanCodecTests
{
    [Fact]
    public void Booleans_are_written_as_Python_writes_them()
    {
        CodecAssertions.RoundTrips(BooleanCodec.Instance, true, "True");
        CodecAssertions.RoundTrips(BooleanCodec.Instance, false, "False");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("T", true)]
    [InlineData("t", true)]
    [InlineData("false", false)]
    [InlineData("F", false)]
    [InlineData("f", false)]
    public void True_False_T_and_F_read_in_any_case(string text, bool value)
    {
        BooleanCodec.Instance.ParseValue(text).Should().Be(value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("yes")]
    [InlineData(" True")]
    public void Other_text_is_refused(string text)
    {
        CodecAssertions.Refuses(BooleanCodec.Instance, text);
    }
}
