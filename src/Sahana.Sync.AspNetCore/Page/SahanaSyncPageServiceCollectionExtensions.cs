using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sahana.Sync;
using Sahana.Sync.AspNetCore;
using Sahana.Sync.AspNetCore.Page;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the sync page (<c>app.MapSahanaSyncPage(…)</c>).</summary>
public static class SahanaSyncPageServiceCollectionExtensions
{
    /// <summary>
    /// Adds what the sync page needs: its options, antiforgery (the upload form is protected by it), and
    /// access to <typeparamref name="TContext"/>'s peers, plan and import history. Call it after
    /// <c>AddSahanaSync&lt;TContext&gt;()</c>. Calling it again only adds more configuration.
    /// </summary>
    /// <typeparam name="TContext">The synced context the page shows and imports into.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the upload limit and how many imports the page lists; <see langword="null"/> for the defaults.</param>
    /// <returns>The same service collection, so calls chain.</returns>
    public static IServiceCollection AddSahanaSyncPage<TContext>(this IServiceCollection services, Action<SyncPageOptions>? configure = null)
        where TContext : DbContext
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
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredService<IOptionsMonitor<SahanaSyncOptions>>().Get(SyncPageSite.OptionsNameFor<TContext>()),
            sp.GetRequiredService<SyncExporter>(),
            sp.GetRequiredService<UuidMergeEngine>()));
        return services;
    }
}
