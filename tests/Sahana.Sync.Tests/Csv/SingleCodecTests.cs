using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class SingleCodecTests
{
    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f, "1.0")]
    [InlineData(16777216f, "16777216.0")]
    [InlineData(float.MaxValue, "3.4028235e+38")]
    [InlineData(float.MinValue, "-3.4028235e+38")]
    [InlineData(float.Epsilon, "1e-45")]
    [InlineData(float.PositiveInfinity, "inf")]
    [InlineData(float.NegativeInfinity, "-inf")]
    public void Floats_are_written_with_their_own_shortest_digits(float value, string text)
    {
        CodecAssertions.RoundTrips(SingleCodec.Instance, value, text);
    }

    [Fact]
    public void NaN_and_negative_zero_round_trip()
    {
        float.IsNaN(SingleCodec.Instance.ParseValue(SingleCodec.Instance.Format(float.NaN))).Should().BeTrue();
        SingleCodec.Instance.Format(-0f).Should().Be("-0.0");
        float.IsNegative(SingleCodec.Instance.ParseValue("-0.0")).Should().BeTrue();
    }

    [Fact]
    public void A_double_text_reads_as_the_nearest_float()
    {
        SingleCodec.Instance.ParseValue("0.1000000000000000055511151231257827").Should().Be(0.1f);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_refused()
    {
        CodecAssertions.Refuses(SingleCodec.Instance, "one");
    }
}
