// begin-snippet: page-mapping
using Microsoft.EntityFrameworkCore;
// end-snippet
using ReliefApp.QuickStart;

namespace ReliefApp.Page;

public static class SyncPageMapping
{
    public static WebApplication MapPage(WebApplicationBuilder builder, string connectionString)
    {
        // begin-snippet: page-mapping
        builder.Services.AddDbContext<ReliefDb>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSahanaSync<ReliefDb>(o => { o.InstanceId = "col"; o.Owner = "Colombo office"; });
        builder.Services.AddSahanaSyncPage(o => o.MaxUploadBytes = 512L * 1024 * 1024); // also adds antiforgery
        builder.Services.AddAuthentication(/* the host's own */);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireRole("sync"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSahanaSyncPage("/sync/ui").RequireAuthorization("sync");
        // end-snippet
        return app;
    }
}
