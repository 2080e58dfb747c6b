using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sahana.Sync;
using Sahana.Sync.Diagnostics;
using Sahana.Sync.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sahana.Sync for a host's <see cref="DbContext"/>.</summary>
public static class SahanaSyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds Sahana.Sync to <typeparamref name="TContext"/>: stamping on <c>SaveChanges</c> (attached to the
    /// context's options, nothing to add to <c>AddDbContext</c>), the model check, and the scoped
    /// <see cref="SyncExporter"/>, <see cref="UuidMergeEngine"/> and <see cref="SyncClockRepair"/> bound to the
    /// context.
    /// The options are validated when the host starts. Calling it again only adds more configuration.
    /// </summary>
    /// <remarks>
    /// Each context gets its own options, clock and services, also as keyed services whose key is the context's
    /// type (<c>[FromKeyedServices(typeof(ReliefDb))] SyncExporter exporter</c>); the plain
    /// <see cref="SyncExporter"/>, <see cref="UuidMergeEngine"/> and <see cref="SyncClockRepair"/> are those of
    /// the first context added, so a host with one context needs no key.
    /// </remarks>
    /// <typeparam name="TContext">The host's context; its model must call <c>modelBuilder.UseSahanaSync()</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets this instance's id and what stays local.</param>
    /// <returns>The same service collection, so calls chain.</returns>
    public static IServiceCollection AddSahanaSync<TContext>(this IServiceCollection services, Action<SahanaSyncOptions> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions<TContext>(services).Configure(configure);
        return AddServices<TContext>(services);
    }

    /// <summary>
    /// Adds Sahana.Sync to <typeparamref name="TContext"/> as
    /// <see cref="AddSahanaSync{TContext}(IServiceCollection, Action{SahanaSyncOptions})"/> does, with the options
    /// bound from a configuration section, such as
    /// <c>builder.Configuration.GetSection("SahanaSync")</c>.
    /// </summary>
    /// <remarks>
    /// The section holds the options by name: <c>InstanceId</c>, <c>Owner</c>, <c>Contact</c>, <c>Url</c>,
    /// <c>TombstoneOnRemove</c>, <c>MaxClockSkew</c> and <c>ImportLockTimeout</c> (as <c>"00:30:00"</c>),
    /// <c>SpillDirectory</c>, and the lists <c>ExcludedTables</c> and <c>SiteSpecificTables</c> of table names.
    /// They are validated when the host starts, like options set in code.
    /// </remarks>
    /// <typeparam name="TContext">
    /// The host's context; its model must call <c>modelBuilder.UseSahanaSync()</c>.
    /// </typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section that holds the options.</param>
    /// <param name="configure">
    /// Sets, after the section, what configuration cannot say (entity types, a uuid generator).
    /// </param>
    /// <returns>The same service collection, so calls chain.</returns>
    public static IServiceCollection AddSahanaSync<TContext>(
        this IServiceCollection services, IConfiguration configuration, Action<SahanaSyncOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var builder = AddOptions<TContext>(services).Bind(configuration).Configure(o =>
        {
            // Read-only lists, which the binder leaves alone: their entries go through the options' own methods.
            foreach (var table in configuration.GetSection("ExcludedTables").Get<string[]>() ?? [])
            {
                o.Exclude(table);
            }

            foreach (var table in configuration.GetSection("SiteSpecificTables").Get<string[]>() ?? [])
            {
                o.SiteSpecific(table);
            }
        });
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddServices<TContext>(services);
    }

    private static OptionsBuilder<SahanaSyncOptions> AddOptions<TContext>(IServiceCollection services)
        where TContext : DbContext
    {
        var builder = services.AddOptions<SahanaSyncOptions>(SahanaSyncOptions.NameFor<TContext>());
        if (services.Any(d => d.ServiceType == typeof(SyncServices) && Equals(d.ServiceKey, typeof(TContext))))
        {
            return builder;
        }

        builder
            .PostConfigure<IEnumerable<IConfigureOptions<SahanaSyncOptions>>>(
                (_, configurations) => RefuseUnnamed<TContext>(configurations))
            .Validate(
                o => o.MaxClockSkew > TimeSpan.Zero && o.MaxClockSkew <= SahanaSyncOptions.LargestMaxClockSkew,
                "SahanaSyncOptions.MaxClockSkew must be more than zero and at most 7 days (how far ahead of this "
                    + "instance's clock an imported stamp may be; the default is 30 minutes).")
            .Validate(
                o => o.ConflictRetention >= TimeSpan.Zero,
                "SahanaSyncOptions.ConflictRetention must not be negative: how long a resolved conflict stays in the log.")
            .Validate(
                o => o.ImportRetention >= TimeSpan.Zero,
                "SahanaSyncOptions.ImportRetention must not be negative: how long the import history keeps a row at least.")
            .Validate(
                o => o.ImportLockTimeout >= TimeSpan.FromMilliseconds(1) && o.ImportLockTimeout <= TimeSpan.FromDays(1),
                "SahanaSyncOptions.ImportLockTimeout must be between 1 ms and 1 day: "
                + "how long an import waits for another import into the same database.")
            .Validate(
                o => o.SpillDirectory is null || Directory.Exists(o.SpillDirectory),
                "SahanaSyncOptions.SpillDirectory names a folder that does not exist: "
                + "create it, or leave it null for the system's temporary folder.")
            .Validate(
                o => o.PeerKeys.All(k => Sahana.Sync.Signing.PinnedPeerKeys.IsValid(k.Value)),
                "SahanaSyncOptions.PeerKeys holds a value that is not an ECDSA P-256 public key: give each peer's key "
                + "as its …/instance publishes it (Base64), or as PEM.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SahanaSyncOptions>, SahanaSyncOptionsValidator>());
        return builder;
    }

    private static IServiceCollection AddServices<TContext>(IServiceCollection services)
        where TContext : DbContext
    {
        var key = typeof(TContext);
        if (services.Any(d => d.ServiceType == typeof(SyncServices) && Equals(d.ServiceKey, key)))
        {
            return services;
        }

        var name = SahanaSyncOptions.NameFor<TContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SyncTelemetry.From(sp));
        services.AddKeyedSingleton(key, (sp, _) => new SyncServices(
            sp.GetRequiredService<IOptionsMonitor<SahanaSyncOptions>>().Get(name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)
        {
            Telemetry = sp.GetRequiredService<SyncTelemetry>(),
        });

        services.ConfigureDbContext<TContext>((sp, options)
            => SyncContextOptions.Attach(options, sp.GetRequiredKeyedService<SyncServices>(key), fromHost: true));

        services.AddKeyedScoped(key, (sp, _) => new SyncExporter(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));
        services.AddKeyedScoped(key, (sp, _) => new UuidMergeEngine(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));
        services.AddKeyedScoped(key, (sp, _) => new SyncClockRepair(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));
        services.AddKeyedScoped(key, (sp, _) => new SyncConflictLog(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));
        services.AddKeyedScoped(key, (sp, _) => new SyncImportHistory(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));
        services.AddKeyedScoped(key, (sp, _) => new SyncScope(
            sp.GetRequiredService<TContext>(), sp.GetRequiredKeyedService<SyncServices>(key)));

        // The first context added is the one asked for without a key.
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<SyncExporter>(key));
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<UuidMergeEngine>(key));
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<SyncClockRepair>(key));
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<SyncConflictLog>(key));
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<SyncScope>(key));
        services.TryAddScoped(sp => sp.GetRequiredKeyedService<SyncImportHistory>(key));
        return services;
    }

    /// <summary>
    /// Sahana.Sync reads the options named after each context; <c>services.Configure&lt;SahanaSyncOptions&gt;(…)</c>
    /// configures the unnamed ones, which nothing reads. Said at start, not left to look like a missing setting.
    /// </summary>
    private static void RefuseUnnamed<TContext>(IEnumerable<IConfigureOptions<SahanaSyncOptions>> configurations)
    {
        var unnamed = configurations.Any(c => c is not IConfigureNamedOptions<SahanaSyncOptions>
            || (c is ConfigureNamedOptions<SahanaSyncOptions> named && named.Name == Options.Options.DefaultName));
        if (unnamed)
        {
            var context = typeof(TContext).Name;
            throw new SyncConfigurationException(
                "services.Configure<SahanaSyncOptions>(…) configures options that Sahana.Sync does not read: each "
                + "synced context has its own. Pass the section to "
                + $"services.AddSahanaSync<{context}>(configuration.GetSection(\"SahanaSync\")), "
                + $"or set the options in services.AddSahanaSync<{context}>(o => …).");
        }
    }
}
