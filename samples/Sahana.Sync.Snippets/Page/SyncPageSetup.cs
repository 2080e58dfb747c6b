namespace ReliefApp.Page;

public static class SyncPageSetup
{
    public static void MapPage(WebApplicationBuilder builder, WebApplication app)
    {
        // begin-snippet: page-quick
        builder.Services.AddSahanaSyncPage();                      // beside AddSahanaSync; adds antiforgery
        app.MapSahanaSyncPage("/sync/ui").RequireAuthorization("sync");    // in Sahana.Sync.AspNetCore
        // end-snippet
    }
}
