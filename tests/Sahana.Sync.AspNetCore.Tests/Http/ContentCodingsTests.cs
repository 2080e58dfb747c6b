namespace Sahana.Sync.AspNetCore.Tests.Http;

public sealed class ContentCodingsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "gzip")]
    [InlineData("br, gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip;q=0.5, br", "br")]
    [InlineData("br;q=0.2, gzip;q=0.8", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "gzip")]
    [InlineData("*;q=0.5, gzip;q=0", "br")]
    [InlineData("gzip;q=0", null)]
    public void Negotiate_takes_the_highest_quality_and_gzip_at_a_tie(string? acceptEncoding, string? expected)
        => ContentCodings.Negotiate(acceptEncoding).Should().Be(expected);

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("identity", true, null)]
    [InlineData("gzip", true, "gzip")]
    [InlineData("x-gzip", true, "gzip")]
    [InlineData("BR", true, "br")]
    [InlineData("compress", false, null)]
    [InlineData("gzip, br", false, null)]
    public void TryParse_takes_one_known_coding_or_none(string? contentEncoding, bool taken, string? expected)
    {
        ContentCodings.TryParse(contentEncoding, out var coding).Should().Be(taken);
        coding.Should().Be(expected);
    }

    [Fact]
    public void A_file_is_gzip_by_its_first_two_bytes()
    {
        ContentCodings.IsGzip([0x1f, 0x8b, 0x08]).Should().BeTrue();
        ContentCodings.IsGzip("TABLE"u8).Should().BeFalse();
        ContentCodings.IsGzip([0x1f]).Should().BeFalse();
    }
}
