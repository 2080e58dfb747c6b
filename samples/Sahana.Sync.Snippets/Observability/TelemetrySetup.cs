// begin-snippet: observability-setup
using OpenTelemetry;
using Sahana.Sync;
// end-snippet

namespace ReliefApp.Observability;

public static class TelemetrySetup
{
    public static void AddTelemetry(WebApplicationBuilder builder, WebApplication app)
    {
        // begin-snippet: observability-setup
        // OpenTelemetry (packages OpenTelemetry.Extensions.Hosting and an exporter, such as OTLP)
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(SyncDiagnostics.Name))
            .WithTracing(t => t.AddSource(SyncDiagnostics.Name))
            .UseOtlpExporter();                 // OpenTelemetry.Exporter.OpenTelemetryProtocol

        // The health check (Sahana.Sync.AspNetCore)
        builder.Services.AddHealthChecks().AddSahanaSyncHealthChecks(o => o.MaxSyncAge = TimeSpan.FromHours(6));
        app.MapHealthChecks("/health");
        // end-snippet
    }
}
