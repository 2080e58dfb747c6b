using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DateTimeOffsetCodecTests
{
    [Fact]
    public void The_offset_follows_the_local_date_and_time()
    {
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, new DateTimeOffset(2009, 12, 26, 6, 58, 28, TimeSpan.FromHours(5.5)), "2009-12-26 06:58:28+05:30");
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, new DateTimeOffset(2009, 12, 26, 6, 58, 28, TimeSpan.FromHours(-3)), "2009-12-26 06:58:28-03:00");
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, new DateTimeOffset(2009, 12, 26, 6, 58, 28, TimeSpan.Zero).AddTicks(1), "2009-12-26 06:58:28.0000001+00:00");
    }

    [Fact]
    public void The_extremes_round_trip()
    {
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, DateTimeOffset.MinValue, "0001-01-01 00:00:00+00:00");
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, DateTimeOffset.MaxValue, "9999-12-31 23:59:59.9999999+00:00");
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)), "2000-01-01 00:00:00+14:00");
        CodecAssertions.RoundTrips(DateTimeOffsetCodec.Instance, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)), "2000-01-01 00:00:00-14:00");
    }

    [Theory]
    [InlineData("2009-12-26T06:58:28+00:00")]
    [InlineData("2009-12-26 06:58:28Z")]
    [InlineData("2009-12-26T06:58:28Z")]
    public void A_T_separator_and_Z_are_accepted(string text)
    {
        var value = DateTimeOffsetCodec.Instance.ParseValue(text);

        value.Should().Be(new DateTimeOffset(2009, 12, 26, 6, 58, 28, TimeSpan.Zero));
        value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("2009-12-26 06:58:28")]
    [InlineData("2009-12-26 06:58:28+5:30")]
    [InlineData("2009-12-26 06:58:28+0530")]
    [InlineData("2009-12-26 06:58:28+15:00")]
    [InlineData("2009-12-26 06:58:28+05:60")]
    [InlineData("0001-01-01 00:00:00+01:00")]
    [InlineData("9999-12-31 23:59:59-01:00")]
    public void Text_without_a_valid_offset_or_out_of_range_is_refused(string text)
    {
        CodecAssertions.Refuses(DateTimeOffsetCodec.Instance, text);
    }
}
