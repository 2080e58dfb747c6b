using ReliefApp.QuickStart;

namespace ReliefApp.Setup;

public static class ConfigurationSetup
{
    public static void AddSync(WebApplicationBuilder builder)
    {
        // begin-snippet: setup-configuration
        builder.Services.AddSahanaSync<ReliefDb>(builder.Configuration.GetSection("SahanaSync"),
            o => o.SiteSpecific<AppUser>());        // optional: what configuration cannot say (types, a uuid generator)
        // end-snippet
    }
}
