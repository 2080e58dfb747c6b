// begin-snippet: package-web
using Sahana.Sync.AspNetCore;
// end-snippet
using ReliefApp.QuickStart;

namespace ReliefApp.Packages;

public static class WebPackageReadme
{
    public static void SetUp(WebApplicationBuilder builder, WebApplication app)
    {
        // begin-snippet: package-web
        builder.Services.AddSahanaSync<ReliefDb>(o => o.InstanceId = "col");
        builder.Services.AddSahanaSyncClient(o =>
            o.Peers.Add(new SyncPeer(new Uri("https://colombo.example.org/sync/"), "Colombo")));
        app.MapSahanaSync("/sync").RequireAuthorization("sync");
        // end-snippet
    }
}
