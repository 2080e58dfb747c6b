using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoints through which other instances pull from and push to this one.</summary>
public static class SahanaSyncEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {prefix}/export?since=…</c> (this instance's sync file, a delta when <c>since</c> is given),
    /// <c>POST {prefix}/import</c> (a <c>text/csv</c> sync file merged here; the <see cref="Sahana.Sync.MergeReport"/> as JSON)
    /// and <c>GET {prefix}/instance?peer=…</c> (this instance's identity). Needs <c>AddSahanaSync&lt;TContext&gt;()</c>.
    /// </summary>
    /// <remarks>
    /// The group requires an authenticated caller (the default authorization policy), so nothing is
    /// anonymous by accident; add the host's policy with <c>.RequireAuthorization("sync")</c>, or say
    /// <c>.AllowAnonymous()</c> to open it. A caller pushes only files that name an instance it may speak
    /// for (<see cref="SyncEndpointOptions.SenderIdsOf"/>, by default its <see cref="SyncClaimTypes.Instance"/>
    /// claims); any other gets 403.
    /// </remarks>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <param name="prefix">The route prefix, for example <c>"/sync"</c>.</param>
    /// <param name="configure">Sets how uploads are taken; the defaults accept files up to 256 MiB.</param>
    /// <returns>The endpoint group, for the host's authorization and other conventions.</returns>
    /// <exception cref="Sahana.Sync.SyncConfigurationException">
    /// <c>AddSahanaSync&lt;TContext&gt;()</c> was not called.
    /// </exception>
    public static RouteGroupBuilder MapSahanaSync(this IEndpointRouteBuilder endpoints, string prefix = "/sync", Action<SyncEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);

        // Without the services, ASP.NET would take the engine for the request body ("Body was inferred…").
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } registered
            && !registered.IsService(typeof(Sahana.Sync.UuidMergeEngine)))
        {
            throw new Sahana.Sync.SyncConfigurationException(
                "MapSahanaSync needs Sahana.Sync's services: call services.AddSahanaSync<TContext>(…) for the synced "
                + "context before building the app.");
        }

        var options = new SyncEndpointOptions();
        configure?.Invoke(options);
        if (options.MaxImportSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.MaxImportSize, "SyncEndpointOptions.MaxImportSize must be at least 1 byte, or null for the server's own limit.");
        }

        if (options.SenderIdsOf is null)
        {
            throw new ArgumentException("SyncEndpointOptions.SenderIdsOf must map a caller to the instance ids it may speak for.", nameof(configure));
        }

        var group = endpoints.MapGroup(prefix);
        group.RequireAuthorization();
        group.MapGet("/export", (HttpContext http, Sahana.Sync.SyncExporter exporter, Sahana.Sync.Hosting.SyncScope scope, string? since, string? peer, CancellationToken cancellationToken)
                => SyncEndpoints.Export(http, exporter, scope, options, since, peer, cancellationToken))
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapPost("/import", (HttpContext http, Sahana.Sync.UuidMergeEngine engine, Microsoft.Extensions.Logging.ILoggerFactory loggers, CancellationToken cancellationToken)
                => SyncEndpoints.Import(http, engine, options, loggers, cancellationToken))
            .Accepts<Stream>("text/csv");
        group.MapGet("/instance", (HttpContext http, Sahana.Sync.Hosting.SyncScope scope, string? peer, CancellationToken cancellationToken)
            => SyncEndpoints.Instance(http, scope, options, peer, cancellationToken));
        return group;
    }
}
