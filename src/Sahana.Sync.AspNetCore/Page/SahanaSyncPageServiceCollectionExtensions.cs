using Microsoft.Extensions.DependencyInjection.Extensions;
using Sahana.Sync;
using Sahana.Sync.AspNetCore;
using Sahana.Sync.AspNetCore.Page;
using Sahana.Sync.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the sync page (<c>app.MapSahanaSyncPage(…)</c>).</summary>
public static class SahanaSyncPageServiceCollectionExtensions
{
    /// <summary>
    /// Adds what the sync page needs: its options, antiforgery (the upload form is protected by it), and
    /// access to the synced context's peers, plan and import history (the one <c>AddSahanaSync&lt;TContext&gt;()</c>
    /// registered). Calling it again only adds more configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the upload limit and how many imports the page lists; <see langword="null"/> for the defaults.</param>
    /// <returns>The same service collection, so calls chain.</returns>
    public static IServiceCollection AddSahanaSyncPage(this IServiceCollection services, Action<SyncPageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddAntiforgery();
        var options = services.AddOptions<SyncPageOptions>()
            .Validate(o => o.MaxUploadBytes > 0, "SyncPageOptions.MaxUploadBytes must be positive.")
            .Validate(o => o.RecentImports >= 0, "SyncPageOptions.RecentImports must not be negative.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddScoped(sp => new SyncPageSite(
            sp.GetRequiredService<SyncScope>(),
            sp.GetRequiredService<SyncExporter>(),
            sp.GetRequiredService<UuidMergeEngine>(),
            sp.GetRequiredService<SyncClockRepair>(),
            sp.GetRequiredService<SyncConflictLog>()));
        return services;
    }
}
