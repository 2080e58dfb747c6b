using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

/// <summary>Checks shared by the tests of the codecs.</summary>
internal static class CodecAssertions
{
    /// <summary>Formats <paramref name="value"/>, expects <paramref name="text"/>, and reads it back as the same value.</summary>
    public static void RoundTrips<T>(ValueCodec<T> codec, T value, string text)
    {
        codec.Format(value).Should().Be(text);
        codec.ParseValue(text).Should().Be(value);
        codec.Format((object)value!).Should().Be(text);
        codec.Parse(text).Should().Be(value);
    }

    /// <summary>Expects <paramref name="text"/> to be refused with a message that says what was expected and quotes the text.</summary>
    public static ValueFormatException Refuses<T>(ValueCodec<T> codec, string text)
    {
        var parse = () => codec.ParseValue(text);
        var e = parse.Should().Throw<ValueFormatException>().Which;
        e.Expected.Should().Be(codec.Expected);
        e.Found.Should().Be(text);
        e.Message.Should().StartWith($"expected {codec.Expected}, found ");
        return e;
    }
}
