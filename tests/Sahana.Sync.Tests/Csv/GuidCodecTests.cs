using Sahana.Sync.Csv;

namespace Sahana.Sync.Tests.Csv;

public sealed class GuidCodecTests
{
    [Fact]
    public void Guids_are_written_in_lower_case_with_hyphens()
    {
        CodecAssertions.RoundTrips(GuidCodec.Instance, new Guid("65B1D230-2CB9-42BB-B3FD-FBE3D57715F1"), "65b1d230-2cb9-42bb-b3fd-fbe3d57715f1");
        CodecAssertions.RoundTrips(GuidCodec.Instance, Guid.Empty, "00000000-0000-0000-0000-000000000000");
        CodecAssertions.RoundTrips(GuidCodec.Instance, Guid.AllBitsSet, "ffffffff-ffff-ffff-ffff-ffffffffffff");
    }

    [Fact]
    public void Upper_case_reads()
    {
        GuidCodec.Instance.ParseValue("65B1D230-2CB9-42BB-B3FD-FBE3D57715F1").Should().Be(new Guid("65b1d230-2cb9-42bb-b3fd-fbe3d57715f1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("65b1d2302cb942bbb3fdfbe3d57715f1")]
    [InlineData("{65b1d230-2cb9-42bb-b3fd-fbe3d57715f1}")]
    [InlineData("urn:uuid:65b1d230-2cb9-42bb-b3fd-fbe3d57715f1")]
    public void Other_forms_are_refused(string text)
    {
        CodecAssertions.Refuses(GuidCodec.Instance, text);
    }
}
