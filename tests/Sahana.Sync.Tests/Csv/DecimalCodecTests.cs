using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DecimalCodecTests
{
    [Fact]
    public void Decimals_have_no_exponent_and_no_trailing_zeros()
    {
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 1.5m, "1.5");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, -0.001m, "-0.001");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 100m, "100");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, decimal.MaxValue, "79228162514264337593543950335");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, decimal.MinValue, "-79228162514264337593543950335");
        CodecAssertions.RoundTrips(DecimalCodec.Instance, 0.0000000000000000000000000001m, "0.0000000000000000000000000001");
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("5.0", "5")]
    [InlineData("12.50", "12.5")]
    [InlineData("0.00", "0")]
    [InlineData("-0.00", "0")]
    [InlineData("1E+2", "100")]
    public void The_same_value_has_one_text_whatever_scale_the_database_gives_back(string stored, string text)
    {
        DecimalCodec.Instance.Format(DecimalCodec.Instance.ParseValue(stored)).Should().Be(text);
    }

    [Theory]
    [InlineData("12.5", 2, "12.50")]
    [InlineData("5.0", 2, "5.00")]
    [InlineData("12.500", 2, "12.50")]
    [InlineData("-0.001", 0, "-0.001")]
    [InlineData("12.345", 2, "12.345")]
    [InlineData("7", 28, "7.0000000000000000000000000000")]
    [InlineData("7", 30, "7.0000000000000000000000000000")]
    public void A_column_of_declared_scale_is_written_with_that_scale_and_no_digit_rounded_away(string stored, int scale, string text)
    {
        DecimalCodec.Format(DecimalCodec.Instance.ParseValue(stored), scale).Should().Be(text);
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
