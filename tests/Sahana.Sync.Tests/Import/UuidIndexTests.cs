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

    [Fact]
    public void Guids_in_canonical_text_keep_their_exact_text_and_stay_apart_from_their_other_spellings()
    {
        // Each text is a uuid of its own: case, the urn prefix and the hyphens are part of it.
        const string Guid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        string[] uuids =
        [
            Guid,
            Guid.ToUpperInvariant(),
            "urn:uuid:" + Guid,
            "urn:uuid:" + Guid.ToUpperInvariant(),
            "URN:UUID:" + Guid,
            "urn:uuid:0F8FAD5B-d9cb-469f-a165-70867728950e",
            "0f8fad5bd9cb469fa16570867728950e",
            "{" + Guid + "}",
            "urn:uuid:12345678-1234-1234-1234-123456789012",
            "12345678-1234-1234-1234-123456789012",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "0f8fad5b-d9cb-469f-a165_70867728950e",
            "urn:uuid:" + Guid + "0",
            "urn:uuid:" + Guid[..35],
            "urn:isbn:" + Guid,
        ];
        var index = new UuidIndex();
        var numbers = uuids.Select((u, i) => index.Add(u, Stamp, deleted: false, offset: i)).ToList();

        numbers.Should().Equal(Enumerable.Range(0, uuids.Length));
        uuids.Select((_, i) => index.UuidOf(i)).Should().Equal(uuids);
        uuids.Select(u => index.TryGet(u, out var number) ? number : -1).Should().Equal(numbers);
        index.TryGet("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950f", out _).Should().BeFalse();
        index.TryGet("0F8FAD5B-D9CB-469F-A165-70867728950e", out _).Should().BeFalse("mixed case is not upper case");
    }

    [Fact]
    public void A_guid_and_a_text_uuid_sharing_a_hash_stay_two_uuids()
    {
        var index = new UuidIndex(_ => 7);
        string[] uuids =
        [
            "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
            "urn:uuid:0F8FAD5B-D9CB-469F-A165-70867728950E",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950f",
            "sixteen bytes!!!",
            "sixteen bytes!!?",
        ];
        for (var i = 0; i < uuids.Length; i++)
        {
            index.Add(uuids[i], Stamp, deleted: false, offset: i).Should().Be(i);
        }

        for (var i = 0; i < uuids.Length; i++)
        {
            index.Add(uuids[i], Stamp.AddTicks(1), deleted: i % 2 == 0, offset: 100 + i).Should().Be(i);
            index.UuidOf(i).Should().Be(uuids[i]);
            index.OffsetOf(i).Should().Be(100 + i);
            index.NewestOf(i).Should().Be((Stamp.Ticks + 1, i % 2 == 0));
        }

        index.Count.Should().Be(uuids.Length);
    }

    [Fact]
    public void A_spill_offset_beyond_four_gigabytes_and_a_tombstone_are_kept_together()
    {
        var index = new UuidIndex();
        var number = index.Add("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", Stamp, deleted: true, offset: 1L << 40);

        index.OffsetOf(number).Should().Be(1L << 40);
        index.NewestOf(number).Should().Be((Stamp.Ticks, true));
    }

    [Fact]
    public void A_uuid_that_is_a_guid_takes_no_more_than_its_sixteen_bytes_besides_its_entry()
    {
        // 2^17 urn:uuid GUIDs, as Sahana writes them: every doubling of the entries and buckets is counted, the
        // uuids' strings are made before. 45 bytes of text and a 40-byte entry in arrays that doubled came to 133
        // bytes a uuid.
        const int Uuids = 1 << 17;
        var uuids = Enumerable.Range(0, Uuids)
            .Select(i => $"urn:uuid:{new Guid(i, 0, 0, new byte[8]):D}")
            .ToArray();
        var index = new UuidIndex();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Uuids; i++)
        {
            index.Add(uuids[i], Stamp, deleted: false, offset: i);
        }

        var perUuid = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Uuids;

        // 32 bytes of entry (segments, never copied), 2 × 4 of buckets over their doublings, 16 of GUID: 56.
        perUuid.Should().BeLessThan(64);
        index.UuidOf(12345).Should().Be(uuids[12345]);
    }
}
