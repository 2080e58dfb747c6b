namespace ReliefApp.Web2py;

public static class SiteSpecificSetup
{
    public static void AddSync(WebApplicationBuilder builder)
    {
        // begin-snippet: site-specific
        builder.Services.AddSahanaSync<ReliefDb>(o =>
        {
            o.InstanceId = "col";
            o.SiteSpecific<AuthUser>().SiteSpecific<AuthGroup>().SiteSpecific("system_config");
        });
        // end-snippet
    }
}
