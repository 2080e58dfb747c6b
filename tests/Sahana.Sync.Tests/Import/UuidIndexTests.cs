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
    public void Ties_are_counted_until_a_newer_version_or_a_tombstone_of_the_same_stamp_replaces_them()
    {
        var index = new UuidIndex();
        var number = index.Add("u", Stamp, deleted: false, offset: 1);
        index.Add("u", Stamp, deleted: false, offset: 2);
        index.Add("u", Stamp.AddTicks(-1), deleted: false, offset: 3);

        index.TiesOf(number).Should().Be(1);
        index.OffsetOf(number).Should().Be(1, "the first of the tied versions");
        index.NewestOf(number).Should().Be((Stamp.Ticks, false));

        index.Add("u", Stamp, deleted: true, offset: 4);

        index.TiesOf(number).Should().Be(0, "a tombstone of the same stamp beats every live version");
        index.OffsetOf(number).Should().Be(4);
        index.NewestOf(number).Should().Be((Stamp.Ticks, true));
    }

    [Fact]
    public void Four_hundred_thousand_tied_versions_of_one_uuid_are_one_entry_and_a_count()
    {
        var index = new UuidIndex();
        for (var offset = 0; offset < 400_000; offset++)
        {
            index.Add("one", Stamp, deleted: false, offset);
        }

        index.Count.Should().Be(1);
        index.TiesOf(0).Should().Be(399_999);
        index.OlderVersions.Should().Be(399_999);
    }

    [Fact]
    public void Two_uuids_whose_hashes_collide_keep_their_own_entries_and_text()
    {
        // Every uuid gets the same hash, as two uuids crafted against a known hash would: the text decides.
        var index = new UuidIndex(_ => 42);
        var first = index.Add("urn:uuid:first", Stamp, deleted: false, offset: 1);
        var second = index.Add("urn:uuid:second", Stamp.AddTicks(-10), deleted: false, offset: 2);
        var again = index.Add("urn:uuid:first", Stamp.AddTicks(-20), deleted: false, offset: 3);

        second.Should().NotBe(first);
        again.Should().Be(first);
        index.Count.Should().Be(2);
        index.OffsetOf(second).Should().Be(2, "the older uuid is not a version of the newer one");
        index.OffsetOf(first).Should().Be(1);
        index.OlderVersions.Should().Be(1, "only the first uuid's second version lost");
        index.UuidOf(first).Should().Be("urn:uuid:first");
        index.UuidOf(second).Should().Be("urn:uuid:second");
        index.TryGet("urn:uuid:second", out var found).Should().BeTrue();
        found.Should().Be(second);
        index.TryGet("urn:uuid:third", out _).Should().BeFalse();
    }

    [Fact]
    public void Colliding_uuids_stay_apart_through_many_doublings()
    {
        var index = new UuidIndex(utf8 => (ulong)(utf8.Length % 3));
        for (var i = 0; i < 5_000; i++)
        {
            index.Add($"u-{i}", Stamp, deleted: false, offset: i).Should().Be(i);
        }

        index.Count.Should().Be(5_000);
        for (var i = 0; i < 5_000; i++)
        {
            index.TryGet($"u-{i}", out var number).Should().BeTrue();
            number.Should().Be(i);
            index.UuidOf(number).Should().Be($"u-{i}");
        }
    }

    [Fact]
    public void Uuids_of_any_length_and_script_keep_their_text()
    {
        var index = new UuidIndex();
        string[] uuids = ["", "x", "ශ්‍රී-லங்கா-" + new string('é', 300), new string('a', 70_000), new string('b', 65_536), "z"];
        var numbers = uuids.Select((u, i) => index.Add(u, Stamp, deleted: false, offset: i)).ToList();

        numbers.Should().Equal(0, 1, 2, 3, 4, 5);
        uuids.Select((u, i) => index.UuidOf(i)).Should().Equal(uuids);
        uuids.Select(u => index.TryGet(u, out var number) ? number : -1).Should().Equal(numbers);
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
