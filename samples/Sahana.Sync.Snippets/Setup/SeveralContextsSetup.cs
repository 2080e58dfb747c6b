using ReliefApp.QuickStart;

namespace ReliefApp.Setup;

public static class SeveralContextsSetup
{
    public static void AddSync(WebApplicationBuilder builder)
    {
        // begin-snippet: setup-several-contexts
        builder.Services.AddSahanaSync<ReliefDb>(o => o.InstanceId = "col");
        builder.Services.AddSahanaSync<StockDb>(o => o.InstanceId = "cols");
        // end-snippet
    }
}
