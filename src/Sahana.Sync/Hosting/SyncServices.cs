using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Diagnostics;
using Sahana.Sync.Import;
using Sahana.Sync.Model;
using Sahana.Sync.Signing;
using Sahana.Sync.Stamping;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Hosting;

/// <summary>
/// What one synced context shares across scopes: its validated options, its clock and time source.
/// A singleton per context type, so every scope stamps from the same clock.
/// </summary>
internal sealed partial class SyncServices(
    SahanaSyncOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly Lock _planLock = new();
    private (IModel Model, SyncPlan Plan)? _plan;
    private volatile bool _schemaChecked;
    private volatile bool _signingKeyLoaded;
    private InstanceKey? _signingKey;

    internal SahanaSyncOptions Options { get; } = options;

    internal TimeProvider TimeProvider { get; } = timeProvider;

    internal HybridLogicalClock Clock { get; } = new(timeProvider);

    /// <summary>Gets the writes of this process whose stamps have not committed yet: what holds export bookmarks back.</summary>
    internal UncommittedStamps Uncommitted => LazyInitializer.EnsureInitialized(ref field, () => new(Clock));

    internal ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>Gets the meter and spans of imports and exports: the host's, else the process's.</summary>
    internal SyncTelemetry Telemetry { get; init; } = SyncTelemetry.Default;

    /// <summary>Gets where imports park the file's rows.</summary>
    internal SpillFolder Spills { get; } = new(options.SpillDirectory, loggerFactory.CreateLogger<SpillFolder>());

    /// <summary>
    /// Gets this instance's signing key, loaded at first use, or <see langword="null"/> when
    /// <see cref="SahanaSyncOptions.SigningKey"/> is <see cref="SyncSigningKey.None"/>.
    /// </summary>
    /// <exception cref="SyncConfigurationException">The key cannot be loaded or made.</exception>
    internal InstanceKey? SigningKey
    {
        get
        {
            if (_signingKeyLoaded)
            {
                return _signingKey;
            }

            lock (_planLock)
            {
                if (!_signingKeyLoaded)
                {
                    _signingKey = LoadSigningKey();
                    _signingKeyLoaded = true;
                }

                return _signingKey;
            }
        }
    }

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

            // The first use is where an operator looks to see which instance this is and what it sends.
            var logger = LoggerFactory.CreateLogger<SyncServices>();
            var synced = plan.SyncedTables.Select(t => t.Table).ToList();
            LogInstance(
                logger,
                Options.InstanceId,
                Options.Owner ?? "no owner set",
                synced.Count,
                synced.Count == 0 ? "none" : string.Join(", ", synced));
            return plan;
        }
    }

    /// <summary>
    /// Checks once per process that the synced tables and Sahana.Sync's own are in the database (again after
    /// a failure, so a host that fixes its start-up is not kept refusing).
    /// </summary>
    /// <exception cref="SyncConfigurationException">A table is missing; the message names the missing call.</exception>
    internal async Task EnsureSchemaAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (_schemaChecked)
        {
            return;
        }

        await SchemaCheck.EnsureAsync(context, GetPlan(context.Model), cancellationToken).ConfigureAwait(false);
        _schemaChecked = true;
    }

    /// <summary>Gets the interceptor that stamps with this clock, one per context type.</summary>
    internal SyncStampingInterceptor Interceptor => LazyInitializer.EnsureInitialized(
        ref field, () => new(Clock, Uncommitted, Options, TimeProvider, LoggerFactory.CreateLogger<SyncStampingInterceptor>()));

    private InstanceKey? LoadSigningKey()
    {
        var source = Options.SigningKey
            ?? (SyncSigningKey.DefaultPath(Options.InstanceId) is { } path
                ? SyncSigningKey.FromFile(path)
                : throw new SyncConfigurationException(
                    "This process's user has no local application data folder for the default signing key file: set "
                    + "SahanaSyncOptions.SigningKey (SyncSigningKey.FromFile or FromPem), or SyncSigningKey.None."));
        ECDsa? key;
        try
        {
            key = source.Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
            or CryptographicException)
        {
            throw new SyncConfigurationException(
                $"This instance's signing key could not be loaded from {source}: {e.Message}", e);
        }

        if (key is null)
        {
            return null;
        }

        var loaded = new InstanceKey(key);
        var logger = LoggerFactory.CreateLogger<SyncServices>();
        LogSigningKey(logger, Options.InstanceId, loaded.Fingerprint, source);
        return loaded;
    }

    [LoggerMessage(
        EventId = 31,
        Level = LogLevel.Information,
        Message = "Sync files of instance '{InstanceId}' are signed with key {Fingerprint}, from {Source}.")]
    private static partial void LogSigningKey(ILogger logger, string instanceId, string fingerprint, SyncSigningKey source);

    [LoggerMessage(
        EventId = 30,
        Level = LogLevel.Information,
        Message = "Sahana.Sync instance '{InstanceId}' ({Owner}) syncs {Count} tables: {Tables}.")]
    private static partial void LogInstance(ILogger logger, string instanceId, string owner, int count, string tables);
}
