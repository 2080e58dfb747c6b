using Sahana.Sync.Import;

namespace Sahana.Sync.Tests.Import;

public sealed class UuidIndexTests
{
    private static readonly DateTime Stamp = new(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Every_uuid_keeps_its_number_and_its_newest_version_through_many_doublings()
    {
        // 100,000 uuids grow the index from 1,024 entries seven times; every uuid comes twice, the second newer.
        const int Uuids = 100_000;
        var index = new UuidIndex();
        var numbers = new int[Uuids];
        for (var i = 0; i < Uuids; i++)
        {
            numbers[i] = index.Add($"urn:uuid:{i}", Stamp, deleted: false, offset: i);
        }

        for (var i = 0; i < Uuids; i++)
        {
            index.Add($"urn:uuid:{i}", Stamp.AddTicks(i % 2 == 0 ? 10 : -10), deleted: false, offset: Uuids + i).Should().Be(numbers[i]);
        }

        numbers.Should().OnlyHaveUniqueItems();
        index.OlderVersions.Should().Be(Uuids);
        for (var i = 0; i < Uuids; i++)
        {
            index.TryGet($"urn:uuid:{i}", out var number).Should().BeTrue();
            number.Should().Be(numbers[i]);
            index.OffsetOf(number).Should().Be(i % 2 == 0 ? Uuids + i : i, "the newer version wins, whichever came first");
        }

        index.TryGet("urn:uuid:absent", out _).Should().BeFalse();
    }

    [Fact]
    public void Ties_are_kept_until_a_newer_version_or_a_tombstone_of_the_same_stamp_replaces_them()
    {
        var index = new UuidIndex();
        var number = index.Add("u", Stamp, deleted: false, offset: 1);
        index.Add("u", Stamp, deleted: false, offset: 2);
        index.Add("u", Stamp.AddTicks(-1), deleted: false, offset: 3);

        index.TiesOf(number).Should().Equal(2);
        index.IsCandidate(number, 1).Should().BeTrue();
        index.IsCandidate(number, 2).Should().BeTrue();
        index.IsCandidate(number, 3).Should().BeFalse();

        index.Add("u", Stamp, deleted: true, offset: 4);

        index.TiesOf(number).Should().BeNull("a tombstone of the same stamp beats every live version");
        index.OffsetOf(number).Should().Be(4);
        index.IsCandidate(number, 2).Should().BeFalse();
    }

    [Fact]
    public void Local_keys_are_kept_per_uuid()
    {
        var index = new UuidIndex();
        var first = index.Add("a", Stamp, deleted: false, offset: 0);
        var second = index.Add("b", Stamp, deleted: false, offset: 1);

        index.SetLocalKey(second, 42);

        index.LocalKeyOf(second).Should().Be(42);
        index.LocalKeyOf(first).Should().BeNull();
        new VersionSlot(index, second).Should().Be(new VersionSlot(index, second), "slots for the same uuid are equal");
        new VersionSlot(index, second).LocalKey.Should().Be(42);
    }
}
