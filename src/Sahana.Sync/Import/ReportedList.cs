namespace Sahana.Sync.Import;

/// <summary>
/// Details for a report: the first ones kept, the rest only counted, so that a file cannot make the report,
/// the page or the import history grow with it (<see cref="ImportOptions.MaxReportedConflicts"/>).
/// </summary>
/// <typeparam name="T">A detail.</typeparam>
internal sealed class ReportedList<T>(int capacity)
{
    private readonly List<T> _items = [];

    /// <summary>Gets the details kept, in the order they came.</summary>
    internal IReadOnlyList<T> Items => _items;

    /// <summary>Gets how many came after the list was full.</summary>
    internal long Unreported { get; private set; }

    /// <summary>Gets a value indicating whether the next detail is kept; when not, building it can be spared.</summary>
    internal bool HasRoom => _items.Count < capacity;

    /// <summary>Gets or sets a detail kept.</summary>
    internal T this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    /// <summary>Keeps a detail if there is room, else counts it; returns where it is kept, or -1.</summary>
    internal int Add(T item)
    {
        if (!HasRoom)
        {
            Unreported++;
            return -1;
        }

        _items.Add(item);
        return _items.Count - 1;
    }

    /// <summary>Counts a detail that was not built, the list being full.</summary>
    internal void Count() => Unreported++;
}
