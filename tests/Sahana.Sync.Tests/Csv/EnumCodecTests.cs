using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class EnumCodecTests
{
    public enum Gender : byte
    {
        Unknown = 1,
        Female = 2,
        Male = 3,
    }

    public enum Wide : long
    {
        Low = long.MinValue,
        High = long.MaxValue,
    }

    [Fact]
    public void Enums_are_written_as_the_number_of_their_underlying_type()
    {
        CodecAssertions.RoundTrips(EnumCodec<Gender, byte>.Instance, Gender.Female, "2");
        CodecAssertions.RoundTrips(EnumCodec<Wide, long>.Instance, Wide.Low, "-9223372036854775808");
        CodecAssertions.RoundTrips(EnumCodec<Wide, long>.Instance, Wide.High, "9223372036854775807");
        CodecAssertions.RoundTrips(EnumCodec<DayOfWeek, int>.Instance, DayOfWeek.Saturday, "6");
    }

    [Fact]
    public void A_number_the_enum_does_not_name_reads_as_EF_would_store_it()
    {
        EnumCodec<Gender, byte>.Instance.ParseValue("200").Should().Be((Gender)200);
    }

    [Theory]
    [InlineData("Female")]
    [InlineData("256")]
    [InlineData("-1")]
    public void Names_and_numbers_out_of_range_are_refused(string text)
    {
        CodecAssertions.Refuses(EnumCodec<Gender, byte>.Instance, text).Expected.Should().Be("an integer from 0 to 255 (the number of a Gender)");
    }
}
