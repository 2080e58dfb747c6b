// begin-snippet: http-client-schedule
using Sahana.Sync.AspNetCore;
// end-snippet

namespace ReliefApp.Http;

public static class ScheduledClientSetup
{
    public static void AddClient(WebApplicationBuilder builder)
    {
        // begin-snippet: http-client-schedule
        builder.Services.AddTransient<ColomboTokenHandler>();  // handlers come from DI: register each one
        builder.Services.AddSahanaSyncClient(o =>
            {
                o.Peers.Add(new SyncPeer(new Uri("https://colombo.example.org/sync/"), "Colombo"));
                o.Interval = TimeSpan.FromMinutes(15);   // optional: the scheduler
            })
            .AddHttpMessageHandler<ColomboTokenHandler>(); // the host's credentials, sent on every attempt
        // end-snippet
    }

    public static async Task<SyncExchange> SyncNowAsync(
        SyncClient syncClient, SyncPeer colombo, CancellationToken ct)
    {
        // begin-snippet: http-client-schedule
        // anywhere, for example behind a "Sync now" button:
        var exchange = await syncClient.SyncAsync(colombo, ct);   // pull, then push
        // end-snippet
        return exchange;
    }
}
