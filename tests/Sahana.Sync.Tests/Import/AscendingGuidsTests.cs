using Sahana.Sync.Import;

namespace Sahana.Sync.Tests.Import;

public sealed class AscendingGuidsTests
{
    private static readonly DateTime Start = new(2026, 12, 5, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Ids_of_one_import_ascend_as_bytes_and_as_text_and_are_version_7_of_its_start()
    {
        var ids = new AscendingGuids(Start);
        var all = Enumerable.Range(0, 10_000).Select(_ => ids.Next()).ToList();

        all.Should().OnlyHaveUniqueItems();
        all.Select(g => g.ToString()).Should().BeInAscendingOrder(StringComparer.Ordinal, "SQLite keeps a Guid as its text");
        all.Select(g => Convert.ToHexString(g.ToByteArray(bigEndian: true))).Should()
            .BeInAscendingOrder(StringComparer.Ordinal, "PostgreSQL compares a uuid's 16 bytes in order");
        all.Should().OnlyContain(g => g.Version == 7 && (g.Variant & 0xC) == 0x8);
        var milliseconds = new DateTimeOffset(Start).ToUnixTimeMilliseconds();
        all.Select(g => Convert.ToInt64(g.ToString("N").Substring(0, 12), 16)).Should().AllBeEquivalentTo(milliseconds);
    }

    [Fact]
    public void Two_imports_started_in_the_same_millisecond_draw_different_ids()
    {
        var first = Enumerable.Range(0, 1_000).Select(_ => new AscendingGuids(Start)).Select(i => i.Next());

        first.Should().OnlyHaveUniqueItems("each import starts its count at a random place");
    }
}
