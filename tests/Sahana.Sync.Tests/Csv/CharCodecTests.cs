using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class CharCodecTests
{
    [Theory]
    [InlineData('a')]
    [InlineData('é')]
    [InlineData(',')]
    [InlineData(char.MaxValue)]
    public void A_char_is_a_string_of_one_char(char value)
    {
        CodecAssertions.RoundTrips(CharCodec.Instance, value, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    public void Text_of_another_length_is_refused(string text)
    {
        CodecAssertions.Refuses(CharCodec.Instance, text);
    }
}
