using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DecimalCodecTests
{
    [Fact]
    public void Decimals_keep_their_scale_and_have_no_exponent()
    {
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 1.50m, "1.50");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 1.5m, "1.5");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, -0.001m, "-0.001");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 100m, "100");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, decimal.MaxValue, "79228162514264337593543950335");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, decimal.MinValue, "-79228162514264337593543950335");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 0.0000000000000000000000000001m, "0.0000000000000000000000000001");
    }

    [Fact]
    public void The_scale_read_is_the_scale_written()
    {
        decimal.GetBits(DecimalCodec.Instance.ParseValue("1.500"))[3].Should().Be(decimal.GetBits(1.500m)[3]);
    }

    [Theory]
    [InlineData("1E+2", 100)]
    [InlineData("1.5e-3", 0.0015)]
    [InlineData("+2", 2)]
    public void An_exponent_as_Python_s_Decimal_may_write_reads(string text, double value)
    {
        DecimalCodec.Instance.ParseValue(text).Should().Be((decimal)value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData(" 1")]
    [InlineData("NaN")]
    [InlineData("1e40")]
    public void Text_that_is_not_a_decimal_is_refused(string text)
    {
        CodecAssertions.Refuses(DecimalCodec.Instance, text);
    }
}
