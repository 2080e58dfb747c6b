using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sahana.Sync.AspNetCore;

namespace Sahana.Sync.Demo;

/// <summary>
/// Colombo and Galle as two web servers on 127.0.0.1 (Kestrel, two free ports): each maps the sync endpoints
/// behind an authorization policy, and Galle syncs with Colombo through SyncClient, as its scheduler would.
/// </summary>
internal static class HttpDemo
{
    internal static async Task<int> RunAsync(string folder)
    {
        Console.WriteLine($"Sahana.Sync HTTP demo: two sites on 127.0.0.1, databases in {folder}");
        await using var colombo = await StartSiteAsync("col", "Colombo office", Path.Combine(folder, "colombo-http.db"));
        await using var galle = await StartSiteAsync("gal", "Galle field office", Path.Combine(folder, "galle-http.db"));
        var colomboPeer = new SyncPeer(new Uri(Address(colombo), "/sync/"), "Colombo");
        Console.WriteLine($"  Colombo listens on {Address(colombo)}, Galle on {Address(galle)}");

        await EditAsync(colombo, "Colombo registers two people of the Red Cross", db =>
        {
            var redCross = new Organisation { Name = "Sri Lanka Red Cross" };
            db.People.Add(new Person { Name = "Saman Perera", Comments = "needs insulin", Organisation = redCross });
            db.People.Add(new Person { Name = "Fatima Rizvi", Comments = "arrived with 2 children", Organisation = redCross });
            return Task.CompletedTask;
        });
        await EditAsync(galle, "Galle registers Ishara (no organisation yet)", db =>
        {
            db.People.Add(new Person { Name = "Ishara Silva", Comments = "registered offline" });
            return Task.CompletedTask;
        });
        await SyncAsync(galle, colomboPeer);

        await EditAsync(colombo, "Colombo moves Fatima to shelter 3 and removes Saman", async db =>
        {
            (await db.People.SingleAsync(p => p.Name == "Fatima Rizvi")).Comments = "moved to shelter 3";
            db.People.Remove(await db.People.SingleAsync(p => p.Name == "Saman Perera"));
        });
        await EditAsync(galle, "Galle, later, notes that Fatima asked for a doctor", async db =>
            (await db.People.SingleAsync(p => p.Name == "Fatima Rizvi")).Comments = "moved to shelter 3, asked for a doctor");
        await SyncAsync(galle, colomboPeer);

        var colomboRows = await RowsAsync(colombo);
        var galleRows = await RowsAsync(galle);
        Console.WriteLine();
        Console.WriteLine("What both sites hold now (uuid, name, deleted, modified_on, organisation, comments):");
        colomboRows.ForEach(row => Console.WriteLine("  " + row));
        Console.WriteLine();
        if (colomboRows.SequenceEqual(galleRows))
        {
            Console.WriteLine($"Colombo and Galle are identical after syncing over HTTP: {colomboRows.Count} synced rows, compared by uuid.");
            return 0;
        }

        Console.WriteLine("Colombo and Galle differ: this is a bug.");
        return 1;
    }

    private static async Task<WebApplication> StartSiteAsync(string instanceId, string owner, string path)
    {
        File.Delete(path);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ReliefDb>(o => o.UseSqlite($"Data Source={path}"));
        builder.Services.AddSahanaSync<ReliefDb>(o =>
        {
            o.InstanceId = instanceId;
            o.Owner = owner;
        });

        // The server side: who may call the sync endpoints.
        builder.Services.AddAuthentication(SyncKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SyncKeyAuthenticationHandler>(SyncKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", policy => policy.RequireClaim("scope", "sync"));

        // The client side: how this site presents itself to its peers.
        builder.Services.AddSahanaSyncClient()
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add(SyncKeyAuthenticationHandler.Header, SyncKeyAuthenticationHandler.KeyOf(instanceId)));

        var app = builder.Build();
        app.MapSahanaSync("/sync").RequireAuthorization("sync");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication site)
        => new(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    private static async Task SyncAsync(WebApplication site, SyncPeer peer)
    {
        var exchange = await site.Services.GetRequiredService<SyncClient>().SyncAsync(peer);
        Console.WriteLine();
        Console.WriteLine("Galle syncs with Colombo over HTTP (pull, then push):");
        Console.WriteLine($"  {exchange.Pull}");
        Console.WriteLine($"  {exchange.Push}");
    }

    private static async Task EditAsync(WebApplication site, string title, Func<ReliefDb, Task> edit)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
        await edit(db);
        await db.SaveChangesAsync();
        Console.WriteLine();
        Console.WriteLine(title + ".");
    }

    private static async Task<List<string>> RowsAsync(WebApplication site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
        var organisations = await db.Organisations.OrderBy(o => o.Uuid)
            .Select(o => $"{o.Uuid} {o.Name} {o.Deleted} {o.ModifiedOn:O}").ToListAsync();
        var people = await db.People.OrderBy(p => p.Uuid)
            .Select(p => $"{p.Uuid} {p.Name} {p.Deleted} {p.ModifiedOn:O} {(p.Organisation == null ? "-" : p.Organisation.Uuid)} {p.Comments}").ToListAsync();
        return [.. organisations, .. people];
    }
}
