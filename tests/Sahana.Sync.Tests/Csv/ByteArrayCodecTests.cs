using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class ByteArrayCodecTests
{
    [Fact]
    public void Bytes_are_written_in_padded_Base64()
    {
        ByteArrayCodec.Instance.Format([0, 1, 255]).Should().Be("AAH/");
        ByteArrayCodec.Instance.Format([1]).Should().Be("AQ==");
        ByteArrayCodec.Instance.Format([]).Should().BeEmpty();
        ByteArrayCodec.Instance.ParseValue("AAH/").Should().Equal(0, 1, 255);
        ByteArrayCodec.Instance.ParseValue(string.Empty).Should().BeEmpty();
    }

    [Fact]
    public void Every_byte_value_round_trips()
    {
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        ByteArrayCodec.Instance.ParseValue(ByteArrayCodec.Instance.Format(all)).Should().Equal(all);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("AQ=")]
    [InlineData("not base64!")]
    public void Text_that_is_not_Base64_is_refused(string text)
    {
        CodecAssertions.Refuses(ByteArrayCodec.Instance, text).InnerException.Should().BeOfType<FormatException>();
    }
}
