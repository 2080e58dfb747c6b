using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class StringCodecTests
{
    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a,b \"quoted\"\r\nnext line")]
    [InlineData("<NULL> is not null here")]
    [InlineData("சுதா Łukasz 😀")]
    public void Strings_are_written_as_they_are(string value)
    {
        CodecAssertions.RoundTrips(StringCodec.Instance, value, value);
    }
}
