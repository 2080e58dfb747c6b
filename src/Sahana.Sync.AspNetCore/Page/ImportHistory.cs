using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// The latest imports. Stand-in until the core keeps them in its own table (<c>sync_import</c>): held in
/// memory for the life of the process.
/// </summary>
internal sealed class ImportHistory
{
    private const int Kept = 100;
    private readonly LinkedList<ImportHistoryEntry> _entries = new();
    private readonly Lock _lock = new();

    internal Task<IReadOnlyList<ImportHistoryEntry>> RecentAsync(DbContext context, int count, CancellationToken cancellationToken)
    {
        _ = context;
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ImportHistoryEntry>>([.. _entries.Take(count)]);
        }
    }

    internal void Record(ImportHistoryEntry entry)
    {
        lock (_lock)
        {
            _entries.AddFirst(entry);
            if (_entries.Count > Kept)
            {
                _entries.RemoveLast();
            }
        }
    }
}
