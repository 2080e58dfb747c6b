using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Sahana.Sync.Import;

/// <summary>
/// The uuid index of one merged table: for each uuid in the file, its <see cref="VersionSlot"/>. This is
/// the one structure that grows with the file, so it keeps a 128-bit hash of each uuid instead of the
/// text (16 bytes instead of about 110); the text is read back from the spill on the rare occasions it
/// is needed. Two of a million uuids share a hash with a probability of about 10⁻²⁷.
/// </summary>
internal sealed class UuidIndex
{
    private readonly Dictionary<UInt128, VersionSlot> _slots = [];

    internal IEnumerable<VersionSlot> Slots => _slots.Values;

    internal bool TryGet(string uuid, [NotNullWhen(true)] out VersionSlot? slot) => _slots.TryGetValue(Hash(uuid), out slot);

    /// <summary>The place of a uuid's slot, null until one is put there: one hash and one probe per row of the first pass.</summary>
    internal ref VersionSlot? SlotFor(string uuid) => ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, Hash(uuid), out _);

    private static UInt128 Hash(string uuid) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(uuid.AsSpan()));
}
