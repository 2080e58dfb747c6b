using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sahana.Sync.Import;

/// <summary>
/// Version 7 uuids that ascend, one after another, from one timestamp: RFC 9562's monotonic random method (6.2,
/// method 2), a random start counted up by one. <see cref="Guid.CreateVersion7(DateTimeOffset)"/> of one timestamp
/// gives ids that differ only in random bits, so each landed at a random place of the key's index: writing 500,000
/// conflicts of one import cost a random B-tree insert each, as much as writing their rows.
/// </summary>
internal sealed class AscendingGuids(DateTime timestamp)
{
    private readonly long _milliseconds = new DateTimeOffset(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc))
        .ToUnixTimeMilliseconds();

    private readonly ushort _randomA = (ushort)RandomNumberGenerator.GetInt32(1 << 12);

    // 62 bits of the variant's field; a start below 2^61 leaves 2^61 ids before the field would overflow.
    private long _counter = (long)(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 3);

    /// <summary>The next id: greater than the one before, as 16 bytes and as text.</summary>
    internal Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, _milliseconds << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | _randomA));
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], _counter++);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
