namespace Sahana.Sync.AspNetCore.Page;

/// <summary>One import as the page lists it.</summary>
internal sealed record ImportHistoryEntry(
    DateTime StartedAt,
    DateTime FinishedAt,
    string? Sender,
    string? Source,
    bool Succeeded,
    int Inserted,
    int Updated,
    int Unchanged,
    int Conflicts,
    int Tombstones,
    string? Error);
