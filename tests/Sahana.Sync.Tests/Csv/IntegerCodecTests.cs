using System.Globalization;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class IntegerCodecTests
{
    [Fact]
    public void Every_integer_type_round_trips_its_extremes_in_plain_digits()
    {
        Extremes<sbyte>("-128", "127");
        Extremes<byte>("0", "255");
        Extremes<short>("-32768", "32767");
        Extremes<ushort>("0", "65535");
        Extremes<int>("-2147483648", "2147483647");
        Extremes<uint>("0", "4294967295");
        Extremes<long>("-9223372036854775808", "9223372036854775807");
        Extremes<ulong>("0", "18446744073709551615");
        Extremes<Int128>("-170141183460469231731687303715884105728", "170141183460469231731687303715884105727");
        Extremes<UInt128>("0", "340282366920938463463374607431768211455");
        CodecAssertions.RoundTrips(IntegerCodec<int>.Instance, 0, "0");
        CodecAssertions.RoundTrips(IntegerCodec<int>.Instance, -42, "-42");
    }

    [Fact]
    public void The_current_culture_does_not_change_the_digits()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA") { NumberFormat = { NegativeSign = "\u200F-" } };

            IntegerCodec<int>.Instance.Format(-1234567).Should().Be("-1234567");
            IntegerCodec<int>.Instance.ParseValue("-1234567").Should().Be(-1234567);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_leading_plus_reads()
    {
        IntegerCodec<long>.Instance.ParseValue("+7").Should().Be(7);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData("abc")]
    [InlineData("2147483648")]
    public void Text_that_is_not_an_int_is_refused_naming_the_range(string text)
    {
        CodecAssertions.Refuses(IntegerCodec<int>.Instance, text).Expected.Should().Be("an integer from -2147483648 to 2147483647");
    }

    [Fact]
    public void A_negative_number_is_refused_for_an_unsigned_type()
    {
        CodecAssertions.Refuses(IntegerCodec<uint>.Instance, "-1");
    }

    private static void Extremes<T>(string min, string max)
        where T : struct, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        CodecAssertions.RoundTrips(IntegerCodec<T>.Instance, T.MinValue, min);
        CodecAssertions.RoundTrips(IntegerCodec<T>.Instance, T.MaxValue, max);
    }
}
