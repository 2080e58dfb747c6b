using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DateOnlyCodecTests
{
    [Fact]
    public void Dates_are_written_year_month_day()
    {
        CodecAssertions.RoundTrips(DateOnlyCodec.Instance, new DateOnly(2017, 1, 22), "2017-01-22");
        CodecAssertions.RoundTrips(DateOnlyCodec.Instance, DateOnly.MinValue, "0001-01-01");
        CodecAssertions.RoundTrips(DateOnlyCodec.Instance, DateOnly.MaxValue, "9999-12-31");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2017-1-22")]
    [InlineData("2017-01-22 00:00:00")]
    [InlineData("2017-02-30")]
    [InlineData("22/01/2017")]
    public void Text_that_is_not_a_date_is_refused(string text)
    {
        CodecAssertions.Refuses(DateOnlyCodec.Instance, text);
    }
}
