using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Sahana.Sync.Import;

/// <summary>
/// The uuid index of one merged table: for each uuid in the file, where its newest version is, and once the
/// table is merged the key of its local row. This is the one structure that grows with the file, so it is
/// kept flat: 32-byte entries in segments of 64 KiB, chained from a power-of-two bucket array, numbered in the
/// order the uuids first appear, and the uuids' text in an arena of 64 KiB chunks, with no object per uuid. A uuid
/// that is a GUID in its canonical text (8-4-4-4-12 hex digits of one case, bare or after <c>urn:uuid:</c>, as
/// Sahana and Sahana.Sync make them) is kept as its 16 bytes and its form; any other as its UTF-8. At 1M uuids
/// of <c>urn:uuid:</c> GUIDs that is 48 bytes a uuid instead of 85.
/// </summary>
/// <remarks>
/// A uuid is its text: the hash only picks the bucket and skips most entries quickly; two uuids are the same
/// only when their text is. A text has one stored form (a GUID in canonical text is always kept as bytes,
/// anything else never), so two stored forms are equal exactly when the texts are: <c>A…</c> and <c>a…</c>,
/// or a GUID with and without <c>urn:uuid:</c>, stay two uuids. A file may be built so that its uuids share a
/// hash (XXH3's secret is public); the hash is seeded at random once per process, so such a file cannot be
/// made offline, and were it made, the uuids would still keep a row each, only their look-ups would be slower.
/// </remarks>
internal sealed class UuidIndex
{
    private const int InitialSize = 1024;

    // Small enough to stay off the large object heap, so a growing arena leaves no holes in it.
    private const int ChunkSize = 64 * 1024;
    private const int ChunkBits = 16;

    // A GUID's forms, kept as the negated text length: bare or after "urn:uuid:", its hex digits lower or upper.
    private const int BareLower = 1;
    private const int BareUpper = 2;
    private const int UrnLower = 3;
    private const int UrnUpper = 4;
    private const int GuidBytes = 16;

    // Seeded from a cryptographic source: an attacker who could guess it could craft colliding uuids again.
    private static readonly long ProcessSeed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private readonly UuidHash _hash;
    private readonly List<byte[]> _chunks = [];
    private int _chunkUsed = ChunkSize;
    // Entries in segments of 64 KiB, off the large object heap: growing never copies them, and leaves neither
    // the arrays a doubling drops (a third of the index at any size, freed only by a full collection) nor up to
    // half an array unused.
    private const int SegmentBits = 11;
    private const int SegmentSize = 1 << SegmentBits;

    private int[] _buckets = new int[InitialSize]; // the bucket's first entry number + 1; 0 for none
    private Entry[]?[] _segments = new Entry[]?[16];
    private int _count;
    private object?[]? _localKeys;
    private Dictionary<int, long>? _ties;

    internal UuidIndex()
        : this(null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="UuidIndex"/> class; tests give a hash that collides.
    /// </summary>
    internal UuidIndex(UuidHash? hash) => _hash = hash ?? (utf8 => XxHash3.HashToUInt64(utf8, ProcessSeed));

    /// <summary>Hashes a uuid's UTF-8.</summary>
    internal delegate ulong UuidHash(ReadOnlySpan<byte> utf8);

    /// <summary>Gets how many versions in the file lost to a newer (or greater tied) version of their uuid.</summary>
    internal long OlderVersions { get; private set; }

    /// <summary>Gets the number of uuids.</summary>
    internal int Count => _count;

    /// <summary>Notes a version of a uuid; returns the uuid's number.</summary>
    internal int Add(string uuid, DateTime stamp, bool deleted, long offset)
    {
        byte[]? rented = null;
        Span<byte> buffer = stackalloc byte[256];
        var utf8 = Encode(uuid, buffer, ref rented);
        try
        {
            var hash = (uint)_hash(utf8);
            Span<byte> guid = stackalloc byte[GuidBytes];
            var length = StoredLength(utf8, guid);
            var stored = length < 0 ? guid : utf8;
            var number = Find(hash, length, stored);
            if (number < 0)
            {
                return New(hash, length, stored, stamp, deleted, offset);
            }

            OlderVersions++;
            ref var entry = ref EntryAt(number);
            var order = stamp.Ticks != entry.Ticks
                ? stamp.Ticks.CompareTo(entry.Ticks)
                : deleted.CompareTo(entry.Deleted);
            if (order > 0)
            {
                entry.Ticks = stamp.Ticks;
                entry.SetNewest(offset, deleted);
                _ties?.Remove(number);
            }
            else if (order == 0)
            {
                // Only a count: which versions are tied is read from their stamps on the way back, so a uuid
                // repeated a million times costs one number, not a list searched on every row.
                _ties ??= [];
                _ties[number] = _ties.GetValueOrDefault(number) + 1;
            }

            return number;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    internal bool TryGet(string uuid, out int number)
    {
        byte[]? rented = null;
        Span<byte> buffer = stackalloc byte[256];
        var utf8 = Encode(uuid, buffer, ref rented);
        Span<byte> guid = stackalloc byte[GuidBytes];
        var length = StoredLength(utf8, guid);
        number = Find((uint)_hash(utf8), length, length < 0 ? guid : utf8);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return number >= 0;
    }

    /// <summary>The uuid's text.</summary>
    internal string UuidOf(int number)
    {
        ref readonly var entry = ref EntryAt(number);
        return entry.TextLength >= 0
            ? Encoding.UTF8.GetString(TextOf(in entry))
            : FormatGuid(TextOf(in entry), -entry.TextLength);
    }

    /// <summary>Where the uuid's newest version starts in the spill.</summary>
    internal long OffsetOf(int number) => EntryAt(number).Offset;

    /// <summary>
    /// The newest version's stamp, in ticks, and whether it is a tombstone: a tied version has the same.
    /// </summary>
    internal (long Ticks, bool Deleted) NewestOf(int number) => (EntryAt(number).Ticks, EntryAt(number).Deleted);

    /// <summary>
    /// How many later versions have the same stamp and flag as the newest, which only their values can order.
    /// </summary>
    internal long TiesOf(int number) => _ties?.GetValueOrDefault(number) ?? 0;

    /// <summary>
    /// The key of the uuid's local row, once its table is merged (kept only for tables something references).
    /// </summary>
    internal object? LocalKeyOf(int number) => _localKeys is { } keys && number < keys.Length ? keys[number] : null;

    /// <summary>
    /// Forgets every local key: an attempt an execution strategy retries finds them anew, since the keys the failed
    /// one wrote were rolled back.
    /// </summary>
    internal void ClearLocalKeys() => _localKeys = null;

    internal void SetLocalKey(int number, object? key)
    {
        if (_localKeys is null || number >= _localKeys.Length)
        {
            Array.Resize(ref _localKeys, _count);
        }

        _localKeys[number] = key;
    }

    private static ReadOnlySpan<byte> Encode(string uuid, Span<byte> buffer, ref byte[]? rented)
    {
        var most = Encoding.UTF8.GetMaxByteCount(uuid.Length);
        if (most > buffer.Length)
        {
            buffer = rented = ArrayPool<byte>.Shared.Rent(most);
        }

        return buffer[..Encoding.UTF8.GetBytes(uuid, buffer)];
    }

    /// <summary>
    /// The length an entry keeps for a uuid's UTF-8: the negated form of a GUID in canonical text, whose 16 bytes
    /// it writes to <paramref name="guid"/>, or the text's length.
    /// </summary>
    private static int StoredLength(ReadOnlySpan<byte> utf8, Span<byte> guid)
    {
        var form = BareLower;
        if (utf8.Length == 45 && utf8.StartsWith("urn:uuid:"u8))
        {
            utf8 = utf8[9..];
            form = UrnLower;
        }

        if (utf8.Length != 36)
        {
            return utf8.Length + (form == UrnLower ? 9 : 0);
        }

        bool lower = false, upper = false;
        for (int i = 0, b = 0; i < 36; i += 2)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                if (utf8[i] != (byte)'-')
                {
                    return form == UrnLower ? 45 : 36;
                }

                i--;
                continue;
            }

            var high = HexDigit(utf8[i], ref lower, ref upper);
            var low = HexDigit(utf8[i + 1], ref lower, ref upper);
            if ((high | low) < 0)
            {
                return form == UrnLower ? 45 : 36;
            }

            guid[b++] = (byte)((high << 4) | low);
        }

        // Mixed case would not come back from the bytes; digits alone read as lower case, which they format to.
        return lower && upper ? (form == UrnLower ? 45 : 36) : -(upper ? form + 1 : form);
    }

    private static int HexDigit(byte c, ref bool lower, ref bool upper)
    {
        switch (c)
        {
            case >= (byte)'0' and <= (byte)'9':
                return c - '0';
            case >= (byte)'a' and <= (byte)'f':
                lower = true;
                return c - 'a' + 10;
            case >= (byte)'A' and <= (byte)'F':
                upper = true;
                return c - 'A' + 10;
            default:
                return -1;
        }
    }

    private static string FormatGuid(ReadOnlySpan<byte> guid, int form)
    {
        var hex = form is BareUpper or UrnUpper ? Convert.ToHexString(guid) : Convert.ToHexStringLower(guid);
        var text = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        return form >= UrnLower ? "urn:uuid:" + text : text;
    }

    private int New(uint hash, int length, ReadOnlySpan<byte> stored, DateTime stamp, bool deleted, long offset)
    {
        if (_count == _buckets.Length)
        {
            Grow();
        }

        var number = _count++;
        var segment = number >> SegmentBits;
        if (segment == _segments.Length)
        {
            Array.Resize(ref _segments, _segments.Length * 2);
        }

        _segments[segment] ??= new Entry[SegmentSize];
        ref var bucket = ref _buckets[(int)(hash & (uint)(_buckets.Length - 1))];
        ref var entry = ref EntryAt(number);
        entry = new Entry
        {
            Hash = hash,
            Next = bucket - 1,
            Ticks = stamp.Ticks,
            TextAt = Store(stored),
            TextLength = length,
        };
        entry.SetNewest(offset, deleted);
        bucket = number + 1;
        return number;
    }

    /// <summary>
    /// Copies a uuid's stored form into the arena; returns where: the chunk's number, then the place in it (up to
    /// 65,536 chunks, 4 GiB of uuids).
    /// </summary>
    private uint Store(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        if (utf8.Length > ChunkSize)
        {
            // A uuid longer than a chunk (the model allows it, the file is odd) gets an array of its own.
            _chunks.Add(utf8.ToArray());
            _chunkUsed = ChunkSize;
            return checked((uint)(_chunks.Count - 1)) << ChunkBits;
        }

        if (ChunkSize - _chunkUsed < utf8.Length)
        {
            _chunks.Add(new byte[ChunkSize]);
            _chunkUsed = 0;
        }

        var at = _chunkUsed;
        utf8.CopyTo(_chunks[^1].AsSpan(at));
        _chunkUsed += utf8.Length;
        return (checked((uint)(_chunks.Count - 1)) << ChunkBits) | (uint)at;
    }

    private ReadOnlySpan<byte> TextOf(in Entry entry) => entry.TextLength == 0
        ? []
        : _chunks[(int)(entry.TextAt >> ChunkBits)].AsSpan(
            (int)(entry.TextAt & (ChunkSize - 1)), entry.TextLength < 0 ? GuidBytes : entry.TextLength);

    private int Find(uint hash, int length, ReadOnlySpan<byte> stored)
    {
        for (var number = _buckets[(int)(hash & (uint)(_buckets.Length - 1))] - 1; number >= 0;)
        {
            ref readonly var entry = ref EntryAt(number);
            if (entry.Hash == hash && entry.TextLength == length && TextOf(in entry).SequenceEqual(stored))
            {
                return number;
            }

            number = entry.Next;
        }

        return -1;
    }

    private ref Entry EntryAt(int number) => ref _segments[number >> SegmentBits]![number & (SegmentSize - 1)];

    /// <summary>Doubles the buckets, one for each entry, and chains every entry anew.</summary>
    private void Grow()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = (uint)(_buckets.Length - 1);
        for (var number = 0; number < _count; number++)
        {
            ref var entry = ref EntryAt(number);
            ref var bucket = ref _buckets[(int)(entry.Hash & mask)];
            entry.Next = bucket - 1;
            bucket = number + 1;
        }
    }

    /// <summary>
    /// One uuid: its hash, the next entry of its bucket (-1 for none), its newest version, where its text is and
    /// its length (a GUID's negated form). 32 bytes: the tombstone flag shares a word with the spill offset.
    /// </summary>
    private struct Entry
    {
        public uint Hash;
        public int Next;
        public long Ticks;
        public uint TextAt;
        public int TextLength;
        private long _offsetAndDeleted;

        public readonly long Offset => _offsetAndDeleted >> 1;

        public readonly bool Deleted => (_offsetAndDeleted & 1) != 0;

        public void SetNewest(long offset, bool deleted) => _offsetAndDeleted = (offset << 1) | (deleted ? 1L : 0L);
    }
}
