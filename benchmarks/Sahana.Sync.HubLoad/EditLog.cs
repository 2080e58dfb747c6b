using System.Collections.Concurrent;

namespace Sahana.Sync.HubLoad;

/// <summary>Which sites wrote each row (created, updated, deleted): what the share of rows edited at two sites is read from.</summary>
internal sealed class EditLog
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _writers = new(StringComparer.Ordinal);

    public int Rows => _writers.Count;

    /// <summary>Gets how many rows were written at two sites or more.</summary>
    public int WrittenAtTwoSites => _writers.Values.Count(w => w.Count >= 2);

    public void Created(string name, string site) => Edited(name, site);

    public void Edited(string name, string site)
        => _writers.GetOrAdd(name, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[site] = 0;
}
