using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync;
using Sahana.Sync.AspNetCore.Page;
using Sahana.Sync.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the sync page, where the people at a site download and upload sync files.</summary>
public static class SahanaSyncPageEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the sync page at <paramref name="pattern"/>: this instance, what travels, the peers and the
    /// latest imports, a form to download a sync file (full, or the changes since a peer's last sync) and
    /// a form to upload one, which shows the merge report, or for a rejected file where the problem is.
    /// Needs <c>services.AddSahanaSyncPage()</c>. Like <c>MapSahanaSync</c>, the group requires a signed-in user,
    /// so the page is never anonymous by accident; add the host's policy with <c>.RequireAuthorization("sync")</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">Where the page lives, such as <c>"/sync/ui"</c>.</param>
    /// <returns>The page's endpoint group, to add authorization and other conventions to.</returns>
    /// <exception cref="SyncConfigurationException"><c>AddSahanaSync&lt;TContext&gt;()</c> was not called.</exception>
    /// <exception cref="InvalidOperationException"><c>AddSahanaSyncPage()</c> was not called.</exception>
    public static RouteGroupBuilder MapSahanaSyncPage(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        var registered = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (registered is not null && !registered.IsService(typeof(SyncPageSite)))
        {
            throw new InvalidOperationException("The sync page needs its services: call services.AddSahanaSyncPage() beside services.AddSahanaSync<TContext>(…).");
        }

        if (registered is not null && !registered.IsService(typeof(SyncScope)))
        {
            throw new SyncConfigurationException(
                "The sync page needs Sahana.Sync's services: call services.AddSahanaSync<TContext>(…) for the synced "
                + "context before building the app.");
        }

        var group = endpoints.MapGroup(pattern);
        group.RequireAuthorization();
        group.MapGet("/", SyncPageHandlers.ShowAsync);
        group.MapPost("/", SyncPageHandlers.UploadAsync);
        group.MapGet("/download", SyncPageHandlers.DownloadAsync);
        group.MapPost("/clock", SyncPageHandlers.RepairClockAsync);
        group.MapPost("/conflicts", SyncPageHandlers.ResolveConflictAsync);
        return group;
    }
}
