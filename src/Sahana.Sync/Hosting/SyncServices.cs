using Microsoft.Extensions.Logging;
using Sahana.Sync.Stamping;

namespace Sahana.Sync.Hosting;

/// <summary>
/// What one synced context shares across scopes: its validated options, its clock and time source.
/// A singleton per context type, so every scope stamps from the same clock.
/// </summary>
internal sealed class SyncServices(SahanaSyncOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    internal SahanaSyncOptions Options { get; } = options;

    internal TimeProvider TimeProvider { get; } = timeProvider;

    internal HybridLogicalClock Clock { get; } = new(timeProvider);

    internal ILoggerFactory LoggerFactory { get; } = loggerFactory;

    internal SyncStampingInterceptor CreateInterceptor()
        => new(Clock, Options, TimeProvider, LoggerFactory.CreateLogger<SyncStampingInterceptor>());
}
