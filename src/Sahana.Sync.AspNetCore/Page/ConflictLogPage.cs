namespace Sahana.Sync.AspNetCore.Page;

/// <summary>One page of the open entries of the conflict log.</summary>
/// <param name="Open">How many entries are open.</param>
/// <param name="Page">Which page this is, 0 for the newest.</param>
/// <param name="Entries">The entries of the page, newest first.</param>
internal sealed record ConflictLogPage(int Open, int Page, IReadOnlyList<SyncConflictRecord> Entries);
