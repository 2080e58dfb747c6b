namespace Sahana.Sync.Merge;

/// <summary>The merge's decision for one uuid.</summary>
/// <param name="Action">What to write.</param>
/// <param name="Conflict">Whether both sides changed the row since they last agreed.</param>
/// <param name="Restamp">
/// Whether the surviving version is the older one, chosen by a conflict policy: it gets a fresh stamp so
/// that it also survives at the other instance instead of losing there to the version it beat here.
/// </param>
internal readonly record struct MergeOutcome(MergeAction Action, bool Conflict, bool Restamp);
