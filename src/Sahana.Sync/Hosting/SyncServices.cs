using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Diagnostics;
using Sahana.Sync.Import;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;

namespace Sahana.Sync.Hosting;

/// <summary>
/// What one synced context shares across scopes: its validated options, its clock and time source.
/// A singleton per context type, so every scope stamps from the same clock.
/// </summary>
internal sealed class SyncServices(SahanaSyncOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly Lock _planLock = new();
    private (IModel Model, SyncPlan Plan)? _plan;

    internal SahanaSyncOptions Options { get; } = options;

    internal TimeProvider TimeProvider { get; } = timeProvider;

    internal HybridLogicalClock Clock { get; } = new(timeProvider);

    internal ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>Gets the meter and spans of imports and exports: the host's, else the process's.</summary>
    internal SyncTelemetry Telemetry { get; init; } = SyncTelemetry.Default;

    /// <summary>Gets where imports park the file's rows.</summary>
    internal SpillFolder Spills { get; } = new(options.SpillDirectory, loggerFactory.CreateLogger<SpillFolder>());

    /// <summary>Gets how many times a plan was built here: once per model.</summary>
    internal int PlansBuilt { get; private set; }

    /// <summary>
    /// The plan for a model, built once: a context type has one model per process. Scopes of concurrent
    /// requests ask at once, hence the lock; it is held only while the plan is read or built.
    /// </summary>
    /// <remarks>
    /// Cached here rather than in the model's runtime annotations: the plan depends on these options too,
    /// and one model may serve several (tests build hosts of one context type with different exclusions).
    /// </remarks>
    internal SyncPlan GetPlan(IModel model)
    {
        lock (_planLock)
        {
            if (_plan is { } cached && ReferenceEquals(cached.Model, model))
            {
                return cached.Plan;
            }

            var plan = SyncPlanBuilder.Build(model, Options);
            _plan = (model, plan);
            PlansBuilt++;
            return plan;
        }
    }

    internal SyncStampingInterceptor CreateInterceptor()
        => new(Clock, Options, TimeProvider, LoggerFactory.CreateLogger<SyncStampingInterceptor>());
}
