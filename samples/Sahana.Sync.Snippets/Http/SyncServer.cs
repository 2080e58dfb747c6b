using ReliefApp.QuickStart;

namespace ReliefApp.Http;

public static class SyncServer
{
    public static void MapEndpoints(WebApplicationBuilder builder, WebApplication app)
    {
        // begin-snippet: http-server
        builder.Services.AddAuthentication(/* the host's scheme: certificates, JWT bearer, … */);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireClaim("scope", "sync"));

        app.MapSahanaSync("/sync").RequireAuthorization("sync");
        // A caller speaks for the instances named by its "sahana_sync_instance" claims (SyncClaimTypes.Instance);
        // a pushed file naming any other instance gets 403 (SyncEndpointOptions.SenderIdsOf maps callers otherwise).
        // GET  /sync/export?since=…  the sync file, streamed; a delta when since is given
        // POST /sync/import          a text/csv body streamed into the engine; the MergeReport as JSON
        //                            (400 naming table/line/column, 401, 403 another sender, 409 + Retry-After,
        //                             413 over 256 MiB: nothing changed)
        // GET  /sync/instance        this instance's identity
        // end-snippet
    }

    public static void MapEndpointsWithOptions(WebApplicationBuilder builder, WebApplication app)
    {
        // begin-snippet: http-endpoints
        builder.Services.AddSahanaSync<ReliefDb>(o => o.InstanceId = "col");
        builder.Services.AddAuthentication(/* the host's scheme: certificates, JWT bearer, … */);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireClaim("scope", "sync"));

        app.MapSahanaSync("/sync", o => o.MaxImportSize = 512L * 1024 * 1024).RequireAuthorization("sync");
        // end-snippet
    }
}
