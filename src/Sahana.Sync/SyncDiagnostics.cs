namespace Sahana.Sync;

/// <summary>
/// The names under which Sahana.Sync reports to <c>System.Diagnostics</c>: give <see cref="Name"/> to
/// OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>. The instruments, spans and attributes are listed in
/// <c>docs/observability.md</c>.
/// </summary>
public static class SyncDiagnostics
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> and of the
    /// <see cref="System.Diagnostics.ActivitySource"/>: <c>Sahana.Sync</c>.
    /// </summary>
    public const string Name = "Sahana.Sync";
}
