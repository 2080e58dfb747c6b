using System.Text;
using System.Text.RegularExpressions;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DateTimeCodecTests
{
    private static readonly DateTime Sample = new(2009, 12, 26, 6, 58, 28, DateTimeKind.Utc);

    [Fact]
    public void A_whole_second_is_written_as_pydal_writes_it()
    {
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, Sample, "2009-12-26 06:58:28");
    }

    [Fact]
    public void A_fraction_is_written_to_the_tick_without_trailing_zeros()
    {
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, Sample.AddTicks(1), "2009-12-26 06:58:28.0000001");
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, Sample.AddTicks(1_234_500), "2009-12-26 06:58:28.12345");
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, Sample.AddTicks(5_000_000), "2009-12-26 06:58:28.5");
    }

    [Fact]
    public void The_extremes_round_trip()
    {
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), "0001-01-01 00:00:00");
        CodecAssertions.RoundTrips(DateTimeCodec.Instance, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), "9999-12-31 23:59:59.9999999");
    }

    [Fact]
    public void What_is_read_is_UTC()
    {
        DateTimeCodec.Instance.ParseValue("2009-12-26 06:58:28").Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void A_local_time_is_written_in_UTC_and_an_unspecified_one_as_it_is()
    {
        var local = new DateTime(2009, 12, 26, 12, 0, 0, DateTimeKind.Local);

        DateTimeCodec.Instance.Format(local).Should().Be(DateTimeCodec.Instance.Format(local.ToUniversalTime()));
        DateTimeCodec.Instance.Format(DateTime.SpecifyKind(Sample, DateTimeKind.Unspecified)).Should().Be("2009-12-26 06:58:28");
    }

    [Theory]
    [InlineData("2009-12-26T06:58:28")]
    [InlineData("2009-12-26 06:58:28Z")]
    [InlineData("2009-12-26T06:58:28Z")]
    [InlineData("2009-12-26 06:58:28.0")]
    [InlineData("2009-12-26T06:58:28.0000000Z")]
    public void A_T_separator_a_Z_and_a_zero_fraction_are_accepted(string text)
    {
        DateTimeCodec.Instance.ParseValue(text).Should().Be(Sample);
    }

    [Fact]
    public void Python_s_six_digits_of_microseconds_read()
    {
        DateTimeCodec.Instance.ParseValue("2009-12-26 06:58:28.123456").Should().Be(Sample.AddTicks(1_234_560));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2009-12-26")]
    [InlineData("2009-12-26 06:58")]
    [InlineData("2009-12-26 06:58:28.")]
    [InlineData("2009-12-26 06:58:28.12345678")]
    [InlineData("2009-13-01 00:00:00")]
    [InlineData("2009-02-29 00:00:00")]
    [InlineData("2009-12-26 24:00:00")]
    [InlineData("2009-12-26 23:60:00")]
    [InlineData("2009-12-26 23:59:60")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData(" 2009-12-26 06:58:28")]
    [InlineData("2009-12-26 06:58:28 ")]
    [InlineData("2009-12-26 06:58:28+01:00")]
    [InlineData("2009/12/26 06:58:28")]
    [InlineData("26-12-2009 06:58:28")]
    public void Text_that_is_not_a_date_and_time_is_refused(string text)
    {
        CodecAssertions.Refuses(DateTimeCodec.Instance, text);
    }

    [Fact]
    public void A_leap_day_reads()
    {
        DateTimeCodec.Instance.ParseValue("2008-02-29 00:00:00").Should().Be(new DateTime(2008, 2, 29, 0, 0, 0, DateTimeKind.Utc));
    }

    [Theory]
    [MemberData(nameof(Web2pyFixtures.CsvFiles), MemberType = typeof(Web2pyFixtures))]
    public void The_timestamps_pydal_wrote_are_written_back_the_same(string fixture)
    {
        var timestamps = Regex.Matches(Encoding.UTF8.GetString(Web2pyFixtures.Read(fixture)), "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
            .Select(match => match.Value)
            .ToList();

        timestamps.Should().NotBeEmpty();
        foreach (var text in timestamps)
        {
            DateTimeCodec.Instance.Format(DateTimeCodec.Instance.ParseValue(text)).Should().Be(text);
        }
    }
}
