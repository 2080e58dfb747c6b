// begin-snippet: http-client
using Sahana.Sync.AspNetCore;
// end-snippet

namespace ReliefApp.Http;

public static class SyncClientSetup
{
    public static void AddClient(WebApplicationBuilder builder)
    {
        // begin-snippet: http-client
        builder.Services.AddTransient<ColomboTokenHandler>();   // a DelegatingHandler adding the host's credentials
        builder.Services.AddSahanaSyncClient(o =>
            {
                o.Peers.Add(new SyncPeer(new Uri("https://colombo.example.org/sync/"), "Colombo"));
                o.Interval = TimeSpan.FromMinutes(15);       // optional: sync with every peer on a schedule
            })
            .AddHttpMessageHandler<ColomboTokenHandler>();   // on every attempt
        // end-snippet
    }

    public static async Task SyncNowAsync(SyncClient syncClient, SyncPeer colombo, CancellationToken ct)
    {
        // begin-snippet: http-client
        // e.g. behind a "Sync now" button: pull Colombo's changes, then push ours
        SyncExchange exchange = await syncClient.SyncAsync(colombo, ct);
        Console.WriteLine(exchange.Pull);
        // Pull from 'col' (Colombo), delta since 2026-11-26T12:35:49.0937900Z, in 80 ms: 0 inserted, 1 updated, …
        // end-snippet
    }
}
