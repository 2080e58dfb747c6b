// begin-snippet: observability-health-check
using Microsoft.Extensions.Diagnostics.HealthChecks;
// end-snippet

namespace ReliefApp.Observability;

public static class HealthCheckSetup
{
    public static void AddHealthCheck(WebApplicationBuilder builder)
    {
        // begin-snippet: observability-health-check
        builder.Services.AddHealthChecks().AddSahanaSyncHealthChecks(
            o =>
            {
                o.MaxSyncAge = TimeSpan.FromHours(6);          // default: 1 day
                o.FailedRunStatus = HealthStatus.Degraded;     // the default
            },
            name: "sahana_sync",                               // the default
            failureStatus: HealthStatus.Unhealthy,             // a peer past MaxSyncAge; the default
            tags: ["ready"]);
        // end-snippet
    }
}
