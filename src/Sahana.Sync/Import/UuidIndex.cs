using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Sahana.Sync.Import;

/// <summary>
/// The uuid index of one merged table: for each uuid in the file, where its newest version is, and once the
/// table is merged the key of its local row. This is the one structure that grows with the file, so it is
/// kept flat: one array of 40-byte entries chained from a power-of-two bucket array, numbered in the order
/// the uuids first appear, and the uuids' text as UTF-8 in an arena of 64 KiB chunks, with no object per
/// uuid. A <see cref="Dictionary{TKey, TValue}"/> of strings took about three times the memory: a string
/// object per uuid in UTF-16, and entries that carry their own hash code and link.
/// </summary>
/// <remarks>
/// A uuid is its text: the hash only picks the bucket and skips most entries quickly; two uuids are the same
/// only when their text is. A file may be built so that its uuids share a hash (XXH3's secret is public); the
/// hash is seeded at random once per process, so such a file cannot be made offline, and were it made, the
/// uuids would still keep a row each, only their look-ups would be slower.
/// </remarks>
internal sealed class UuidIndex
{
    private const int InitialSize = 1024;

    // Small enough to stay off the large object heap, so a growing arena leaves no holes in it.
    private const int ChunkSize = 64 * 1024;
    private const int ChunkBits = 16;

    // Seeded from a cryptographic source: an attacker who could guess it could craft colliding uuids again.
    private static readonly long ProcessSeed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private readonly UuidHash _hash;
    private readonly List<byte[]> _chunks = [];
    private int _chunkUsed = ChunkSize;
    private int[] _buckets = new int[InitialSize]; // the bucket's first entry number + 1; 0 for none
    private Entry[] _entries = new Entry[InitialSize];
    private int _count;
    private object?[]? _localKeys;
    private Dictionary<int, long>? _ties;

    internal UuidIndex()
        : this(null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UuidIndex"/> class; tests give a hash that collides.</summary>
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
            var number = Find(hash, utf8);
            if (number < 0)
            {
                return New(hash, utf8, stamp, deleted, offset);
            }

            OlderVersions++;
            ref var entry = ref _entries[number];
            var order = stamp.Ticks != entry.Ticks ? stamp.Ticks.CompareTo(entry.Ticks) : deleted.CompareTo(entry.Deleted);
            if (order > 0)
            {
                (entry.Ticks, entry.Offset, entry.Deleted) = (stamp.Ticks, offset, deleted);
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
        number = Find((uint)_hash(utf8), utf8);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return number >= 0;
    }

    /// <summary>The uuid's text.</summary>
    internal string UuidOf(int number) => Encoding.UTF8.GetString(TextOf(in _entries[number]));

    /// <summary>Where the uuid's newest version starts in the spill.</summary>
    internal long OffsetOf(int number) => _entries[number].Offset;

    /// <summary>The newest version's stamp, in ticks, and whether it is a tombstone: a tied version has the same.</summary>
    internal (long Ticks, bool Deleted) NewestOf(int number) => (_entries[number].Ticks, _entries[number].Deleted);

    /// <summary>How many later versions have the same stamp and flag as the newest, which only their values can order.</summary>
    internal long TiesOf(int number) => _ties?.GetValueOrDefault(number) ?? 0;

    /// <summary>The key of the uuid's local row, once its table is merged (kept only for tables something references).</summary>
    internal object? LocalKeyOf(int number) => _localKeys is { } keys && number < keys.Length ? keys[number] : null;

    /// <summary>Forgets every local key: an attempt an execution strategy retries finds them anew, since the keys the failed one wrote were rolled back.</summary>
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

    private int New(uint hash, ReadOnlySpan<byte> utf8, DateTime stamp, bool deleted, long offset)
    {
        if (_count == _entries.Length)
        {
            Grow();
        }

        var number = _count++;
        ref var bucket = ref _buckets[(int)(hash & (uint)(_buckets.Length - 1))];
        _entries[number] = new Entry
        {
            Hash = hash,
            Next = bucket - 1,
            Ticks = stamp.Ticks,
            Offset = offset,
            TextAt = Store(utf8),
            TextLength = utf8.Length,
            Deleted = deleted,
        };
        bucket = number + 1;
        return number;
    }

    /// <summary>Copies a uuid's UTF-8 into the arena; returns where: the chunk's number, then the place in it.</summary>
    private long Store(ReadOnlySpan<byte> utf8)
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
            return (long)(_chunks.Count - 1) << ChunkBits;
        }

        if (ChunkSize - _chunkUsed < utf8.Length)
        {
            _chunks.Add(new byte[ChunkSize]);
            _chunkUsed = 0;
        }

        var at = _chunkUsed;
        utf8.CopyTo(_chunks[^1].AsSpan(at));
        _chunkUsed += utf8.Length;
        return ((long)(_chunks.Count - 1) << ChunkBits) | (uint)at;
    }

    private ReadOnlySpan<byte> TextOf(in Entry entry) => entry.TextLength == 0
        ? []
        : _chunks[(int)(entry.TextAt >> ChunkBits)].AsSpan((int)(entry.TextAt & (ChunkSize - 1)), entry.TextLength);

    private int Find(uint hash, ReadOnlySpan<byte> utf8)
    {
        var entries = _entries;
        for (var number = _buckets[(int)(hash & (uint)(_buckets.Length - 1))] - 1; number >= 0; number = entries[number].Next)
        {
            ref readonly var entry = ref entries[number];
            if (entry.Hash == hash && entry.TextLength == utf8.Length && TextOf(in entry).SequenceEqual(utf8))
            {
                return number;
            }
        }

        return -1;
    }

    /// <summary>Doubles the entries and the buckets, and chains every entry anew.</summary>
    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[_entries.Length];
        var mask = (uint)(_buckets.Length - 1);
        for (var number = 0; number < _count; number++)
        {
            ref var bucket = ref _buckets[(int)(_entries[number].Hash & mask)];
            _entries[number].Next = bucket - 1;
            bucket = number + 1;
        }
    }

    /// <summary>One uuid: its hash, the next entry of its bucket (-1 for none), its newest version, where its text is.</summary>
    private struct Entry
    {
        public uint Hash;
        public int Next;
        public long Ticks;
        public long Offset;
        public long TextAt;
        public int TextLength;
        public bool Deleted;
    }
}
