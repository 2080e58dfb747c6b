using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class TimeSpanCodecTests
{
    [Fact]
    public void Durations_use_the_invariant_constant_format()
    {
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, TimeSpan.Zero, "00:00:00");
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, TimeSpan.FromTicks(1), "00:00:00.0000001");
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, new TimeSpan(2, 3, 4, 5), "2.03:04:05");
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, -new TimeSpan(0, 1, 30), "-00:01:30");
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, TimeSpan.MaxValue, "10675199.02:48:05.4775807");
        CodecAssertions.RoundTrips(TimeSpanCodec.Instance, TimeSpan.MinValue, "-10675199.02:48:05.4775808");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 day")]
    [InlineData("00:60:00")]
    public void Text_that_is_not_a_duration_is_refused(string text)
    {
        CodecAssertions.Refuses(TimeSpanCodec.Instance, text);
    }
}
