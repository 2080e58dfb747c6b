using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sahana.Sync;
using Sahana.Sync.Diagnostics;
using Sahana.Sync.Hosting;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;

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
    /// <typeparam name="TContext">The host's context; its model must call <c>modelBuilder.UseSahanaSync()</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets this instance's id and what stays local.</param>
    /// <returns>The same service collection, so calls chain.</returns>
    public static IServiceCollection AddSahanaSync<TContext>(this IServiceCollection services, Action<SahanaSyncOptions> configure)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        var name = SahanaSyncOptions.NameFor<TContext>();
        services.AddOptions<SahanaSyncOptions>(name).Configure(configure)
            .Validate(
                o => o.MaxClockSkew > TimeSpan.Zero && o.MaxClockSkew <= SahanaSyncOptions.LargestMaxClockSkew,
                "SahanaSyncOptions.MaxClockSkew must be more than zero and at most 7 days (how far ahead of this "
                    + "instance's clock an imported stamp may be; the default is 30 minutes).")
            .Validate(
                o => o.ImportLockTimeout >= TimeSpan.FromMilliseconds(1) && o.ImportLockTimeout <= TimeSpan.FromDays(1),
                "SahanaSyncOptions.ImportLockTimeout must be between 1 ms and 1 day: "
                + "how long an import waits for another import into the same database.")
            .Validate(
                o => o.SpillDirectory is null || Directory.Exists(o.SpillDirectory),
                "SahanaSyncOptions.SpillDirectory names a folder that does not exist: "
                + "create it, or leave it null for the system's temporary folder.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SahanaSyncOptions>, SahanaSyncOptionsValidator>());

        if (services.Any(d => d.ServiceType == typeof(SyncServices) && Equals(d.ServiceKey, typeof(TContext))))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SyncTelemetry.From(sp));
        services.AddKeyedSingleton(typeof(TContext), (sp, _) => new SyncServices(
            sp.GetRequiredService<IOptionsMonitor<SahanaSyncOptions>>().Get(name),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)
        {
            Telemetry = sp.GetRequiredService<SyncTelemetry>(),
        });
        services.AddKeyedSingleton(typeof(TContext), (sp, key) => sp.GetRequiredKeyedService<SyncServices>(key).CreateInterceptor());

        services.ConfigureDbContext<TContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetRequiredKeyedService<SyncStampingInterceptor>(typeof(TContext)));
            ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new SahanaSyncOptionsExtension());
        });

        services.TryAddScoped(sp => new SyncExporter(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredKeyedService<SyncServices>(typeof(TContext))));
        services.TryAddScoped(sp => new UuidMergeEngine(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredKeyedService<SyncServices>(typeof(TContext))));
        services.TryAddScoped(sp => new SyncClockRepair(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredKeyedService<SyncServices>(typeof(TContext))));
        services.TryAddScoped(sp => new SyncScope(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredKeyedService<SyncServices>(typeof(TContext))));
        return services;
    }
}
