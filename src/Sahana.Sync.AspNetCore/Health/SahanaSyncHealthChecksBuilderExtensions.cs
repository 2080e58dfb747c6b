using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sahana.Sync.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health check of this instance's syncing to a host's health checks.</summary>
public static class SahanaSyncHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that every peer synced within <see cref="SyncHealthCheckOptions.MaxSyncAge"/> (the peers in
    /// <c>sync_instance</c> and those the scheduler syncs with) and that the scheduler's last run with each peer
    /// succeeded. The result's data names each peer with its last sync (UTC), and the failure of a run.
    /// Needs <c>AddSahanaSync&lt;TContext&gt;()</c>; the scheduler's part needs <c>AddSahanaSyncClient()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder, as <c>services.AddHealthChecks()</c> returns it.</param>
    /// <param name="configure">
    /// Sets the allowed age and the status of a failed run; <see langword="null"/> for the defaults.
    /// </param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">
    /// What a peer past <see cref="SyncHealthCheckOptions.MaxSyncAge"/> reports; <see langword="null"/> for
    /// <see cref="HealthStatus.Unhealthy"/>.
    /// </param>
    /// <param name="tags">Tags to filter the check by, such as <c>"ready"</c>.</param>
    /// <returns>The same builder, so calls chain.</returns>
    public static IHealthChecksBuilder AddSahanaSyncHealthChecks(
        this IHealthChecksBuilder builder,
        Action<SyncHealthCheckOptions>? configure = null,
        string name = "sahana_sync",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var options = builder.Services.AddOptions<SyncHealthCheckOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.MaxSyncAge > TimeSpan.Zero, "SyncHealthCheckOptions.MaxSyncAge must be more than zero.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new SyncHealthCheck(
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<IOptionsMonitor<SyncHealthCheckOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<SyncRunLog>() is null ? null : sp.GetRequiredService<IOptions<SyncClientOptions>>().Value,
                sp.GetService<SyncRunLog>()),
            failureStatus,
            tags));
    }
}
