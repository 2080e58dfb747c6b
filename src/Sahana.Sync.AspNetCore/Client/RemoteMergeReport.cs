using System.Text.Json;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// The part of a peer's <see cref="MergeReport"/> JSON the client reads back. <see cref="MergeReport"/> itself
/// is built by the engine only, so the client reads the counts it reports and leaves the rest to the peer's log.
/// </summary>
internal sealed class RemoteMergeReport
{
    public List<Table> Tables { get; set; } = [];

    public List<JsonElement> Conflicts { get; set; } = [];

    /// <summary>Gets or sets every conflict, detailed or not; 0 from a peer older than the count, which then lists them all.</summary>
    public long ConflictCount { get; set; }

    internal sealed class Table
    {
        public long Inserted { get; set; }

        public long Updated { get; set; }

        public long Unchanged { get; set; }
    }
}
