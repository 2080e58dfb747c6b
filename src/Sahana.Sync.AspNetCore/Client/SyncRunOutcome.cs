namespace Sahana.Sync.AspNetCore;

/// <summary>How the scheduler's last run with a peer went.</summary>
/// <param name="At">When the run ended, in UTC.</param>
/// <param name="Error">The failure, type and message; <see langword="null"/> when the run succeeded.</param>
/// <param name="LastSucceeded">When a run with the peer last succeeded since the host started, in UTC.</param>
/// <param name="PeerId">The peer's instance id, as it last answered or as configured.</param>
internal sealed record SyncRunOutcome(DateTime At, string? Error, DateTime? LastSucceeded, string? PeerId)
{
    /// <summary>Gets a value indicating whether the run failed.</summary>
    internal bool Failed => Error is not null;
}
