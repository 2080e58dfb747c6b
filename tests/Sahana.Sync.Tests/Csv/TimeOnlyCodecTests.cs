using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class TimeOnlyCodecTests
{
    [Fact]
    public void Times_are_written_with_a_fraction_only_when_there_is_one()
    {
        CodecAssertions.RoundTrips(TimeOnlyCodec.Instance, new TimeOnly(6, 58, 28), "06:58:28");
        CodecAssertions.RoundTrips(TimeOnlyCodec.Instance, TimeOnly.MinValue, "00:00:00");
        CodecAssertions.RoundTrips(TimeOnlyCodec.Instance, TimeOnly.MaxValue, "23:59:59.9999999");
        CodecAssertions.RoundTrips(TimeOnlyCodec.Instance, new TimeOnly(12, 30, 0).Add(TimeSpan.FromTicks(1)), "12:30:00.0000001");
    }

    [Fact]
    public void Python_s_microseconds_read()
    {
        TimeOnlyCodec.Instance.ParseValue("12:30:00.123456").Should().Be(new TimeOnly(12, 30, 0).Add(TimeSpan.FromTicks(1_234_560)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12:30")]
    [InlineData("24:00:00")]
    [InlineData("12:30:00.")]
    [InlineData("12:30:00Z")]
    [InlineData("1:30:00")]
    public void Text_that_is_not_a_time_is_refused(string text)
    {
        CodecAssertions.Refuses(TimeOnlyCodec.Instance, text);
    }
}
