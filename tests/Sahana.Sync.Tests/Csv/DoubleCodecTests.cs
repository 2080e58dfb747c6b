using System.Text;
using System.Text.RegularExpressions;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class DoubleCodecTests
{
    // What Python 3 prints for repr(x), the text pydal writes.
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(12345.678, "12345.678")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(2.0 / 3, "0.6666666666666666")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.23e-18, "1.23e-18")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e22, "1e+22")]
    [InlineData(123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData(7.846019374111061, "7.846019374111061")]
    [InlineData(0.0, "0.0")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.MinValue, "-1.7976931348623157e+308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Doubles_are_written_as_Python_repr_and_read_back_exactly(double value, string text)
    {
        CodecAssertions.RoundTrips(DoubleCodec.Instance, value, text);
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        DoubleCodec.Instance.Format(-0.0).Should().Be("-0.0");
        double.IsNegative(DoubleCodec.Instance.ParseValue("-0.0")).Should().BeTrue();
    }

    [Fact]
    public void NaN_is_written_nan_and_reads_back()
    {
        DoubleCodec.Instance.Format(double.NaN).Should().Be("nan");
        double.IsNaN(DoubleCodec.Instance.ParseValue("nan")).Should().BeTrue();
    }

    [Theory]
    [InlineData("1E+16", 1e16)]
    [InlineData("1e16", 1e16)]
    [InlineData("7", 7.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+1.5", 1.5)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("INF", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void Python_and_NET_forms_both_read(string text, double value)
    {
        DoubleCodec.Instance.ParseValue(text).Should().Be(value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-nan")]
    public void Every_spelling_of_NaN_reads(string text)
    {
        double.IsNaN(DoubleCodec.Instance.ParseValue(text)).Should().BeTrue();
    }

    [Fact]
    public void Random_doubles_round_trip_bit_for_bit()
    {
        var random = new Random(20091226);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bits);
            var value = BitConverter.ToDouble(bits);
            if (double.IsNaN(value))
            {
                continue;
            }

            var text = DoubleCodec.Instance.Format(value);
            BitConverter.DoubleToInt64Bits(DoubleCodec.Instance.ParseValue(text)).Should().Be(BitConverter.DoubleToInt64Bits(value), text);
        }
    }

    [Theory]
    [MemberData(nameof(Web2pyFixtures.CsvFiles), MemberType = typeof(Web2pyFixtures))]
    public void The_coordinates_pydal_wrote_are_written_back_the_same(string fixture)
    {
        var coordinates = Encoding.UTF8.GetString(Web2pyFixtures.Read(fixture))
            .Split(["\r\n", "\n", ","], StringSplitOptions.None)
            .Where(field => Regex.IsMatch(field, @"^-?[0-9]+\.[0-9]+$"))
            .ToList();

        coordinates.Should().NotBeEmpty();
        foreach (var text in coordinates)
        {
            DoubleCodec.Instance.Format(DoubleCodec.Instance.ParseValue(text)).Should().Be(text);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("∞")]
    [InlineData("infinit")]
    public void Text_that_is_not_a_number_is_refused(string text)
    {
        CodecAssertions.Refuses(DoubleCodec.Instance, text);
    }
}
