using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sahana.Sync.AspNetCore;

/// <summary>When the check of <c>AddSahanaSyncHealthChecks()</c> finds this instance's syncing unhealthy.</summary>
public sealed class SyncHealthCheckOptions
{
    /// <summary>
    /// Gets or sets how long ago a peer may have synced at most: the last file imported from it (a pull from it, or
    /// its push here). A peer synced longer ago makes the check report its failure status (by default
    /// <see cref="HealthStatus.Unhealthy"/>). Defaults to one day.
    /// </summary>
    public TimeSpan MaxSyncAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets what the check reports while the scheduler's last run with a peer failed, though the peer is
    /// within <see cref="MaxSyncAge"/>. Defaults to <see cref="HealthStatus.Degraded"/>: the scheduler tries again on
    /// its next tick, and a peer that keeps failing goes past <see cref="MaxSyncAge"/>, which is the failure status.
    /// </summary>
    public HealthStatus FailedRunStatus { get; set; } = HealthStatus.Degraded;
}
