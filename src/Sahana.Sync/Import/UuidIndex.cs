using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Sahana.Sync.Import;

/// <summary>
/// The uuid index of one merged table: for each uuid in the file, where its newest version is, and once the
/// table is merged the key of its local row. This is the one structure that grows with the file, so it is
/// kept flat: a 128-bit hash of each uuid instead of its text (16 bytes instead of about 110), and one
/// array of 40-byte entries chained from a power-of-two bucket array, numbered in the order the uuids
/// first appear, with no object per uuid. A <see cref="Dictionary{TKey, TValue}"/> of the same took twice
/// the memory: its entries carry their own hash code and link, and it grows to primes beyond doubling.
/// The uuid's text is read back from the spill on the rare occasions it is needed. Two of a million
/// uuids share a hash with a probability of about 10⁻²⁷.
/// </summary>
internal sealed class UuidIndex
{
    private const int InitialSize = 1024;

    private int[] _buckets = new int[InitialSize]; // the bucket's first entry number + 1; 0 for none
    private Entry[] _entries = new Entry[InitialSize];
    private int _count;
    private object?[]? _localKeys;
    private Dictionary<int, List<long>>? _ties;

    /// <summary>Gets how many versions in the file lost to a newer (or greater tied) version of their uuid.</summary>
    internal long OlderVersions { get; private set; }

    /// <summary>Notes a version of a uuid; returns the uuid's number.</summary>
    internal int Add(string uuid, DateTime stamp, bool deleted, long offset)
    {
        var (high, low) = Hash(uuid);
        var number = Find(high, low);
        if (number < 0)
        {
            if (_count == _entries.Length)
            {
                Grow();
            }

            number = _count++;
            ref var bucket = ref _buckets[(int)low & (_buckets.Length - 1)];
            _entries[number] = new Entry { High = high, Low = low, Ticks = stamp.Ticks, Offset = offset, Deleted = deleted, Next = bucket - 1 };
            bucket = number + 1;
            return number;
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
            _ties ??= [];
            if (!_ties.TryGetValue(number, out var tied))
            {
                _ties[number] = tied = [];
            }

            tied.Add(offset);
        }

        return number;
    }

    internal bool TryGet(string uuid, out int number)
    {
        var (high, low) = Hash(uuid);
        number = Find(high, low);
        return number >= 0;
    }

    /// <summary>Where the uuid's newest version starts in the spill.</summary>
    internal long OffsetOf(int number) => _entries[number].Offset;

    /// <summary>The versions with the same stamp and flag as the newest, which only their values can order; null when there are none.</summary>
    internal List<long>? TiesOf(int number) => _ties?.GetValueOrDefault(number);

    /// <summary>Whether the version at <paramref name="offset"/> is the uuid's newest or tied with it.</summary>
    internal bool IsCandidate(int number, long offset) => offset == _entries[number].Offset || (TiesOf(number)?.Contains(offset) ?? false);

    /// <summary>The key of the uuid's local row, once its table is merged (kept only for tables something references).</summary>
    internal object? LocalKeyOf(int number) => _localKeys is { } keys && number < keys.Length ? keys[number] : null;

    internal void SetLocalKey(int number, object? key)
    {
        if (_localKeys is null || number >= _localKeys.Length)
        {
            Array.Resize(ref _localKeys, _count);
        }

        _localKeys[number] = key;
    }

    private static (ulong High, ulong Low) Hash(string uuid)
    {
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(uuid.AsSpan()));
        return ((ulong)(hash >> 64), (ulong)hash);
    }

    private int Find(ulong high, ulong low)
    {
        var entries = _entries;
        for (var number = _buckets[(int)low & (_buckets.Length - 1)] - 1; number >= 0; number = entries[number].Next)
        {
            if (entries[number].Low == low && entries[number].High == high)
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
        var mask = _buckets.Length - 1;
        for (var number = 0; number < _count; number++)
        {
            ref var bucket = ref _buckets[(int)_entries[number].Low & mask];
            _entries[number].Next = bucket - 1;
            bucket = number + 1;
        }
    }

    /// <summary>One uuid: its hash, its newest version, the next entry of its bucket (-1 for none).</summary>
    private struct Entry
    {
        public ulong High;
        public ulong Low;
        public long Ticks;
        public long Offset;
        public int Next;
        public bool Deleted;
    }
}
