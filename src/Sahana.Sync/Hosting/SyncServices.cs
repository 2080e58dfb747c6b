using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
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
    private (IModel Model, SyncPlan Plan)? _plan;

    internal SahanaSyncOptions Options { get; } = options;

    internal TimeProvider TimeProvider { get; } = timeProvider;

    internal HybridLogicalClock Clock { get; } = new(timeProvider);

    internal ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>Gets where imports park the file's rows.</summary>
    internal SpillFolder Spills { get; } = new(options.SpillDirectory, loggerFactory.CreateLogger<SpillFolder>());

    /// <summary>The plan for a model, built once: a context type has one model per process.</summary>
    internal SyncPlan GetPlan(IModel model)
    {
        var cached = _plan;
        if (cached is not null && ReferenceEquals(cached.Value.Model, model))
        {
            return cached.Value.Plan;
        }

        var plan = SyncPlanBuilder.Build(model, Options);
        _plan = (model, plan);
        return plan;
    }

    internal SyncStampingInterceptor CreateInterceptor()
        => new(Clock, Options, TimeProvider, LoggerFactory.CreateLogger<SyncStampingInterceptor>());
}
