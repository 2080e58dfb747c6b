using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sahana.Sync;
using Sahana.Sync.Demo;

// Two relief sites, Colombo and Galle, each with its own SQLite database, working offline and exchanging
// files as they would on a memory stick.
var folder = Path.Combine(Path.GetTempPath(), "sahana-sync-demo");
Directory.CreateDirectory(folder);

// `dotnet run --project samples/Sahana.Sync.Demo -- http`: the same two sites as web servers on 127.0.0.1,
// syncing over HTTP instead of a memory stick.
if (args is ["http"])
{
    return await HttpDemo.RunAsync(folder);
}

Console.WriteLine($"Sahana.Sync demo: two sites, databases and sync files in {folder}");

using var colombo = await SiteAsync("col", "Colombo office", Path.Combine(folder, "colombo.db"));
using var galle = await SiteAsync("gal", "Galle field office", Path.Combine(folder, "galle.db"));

await EditAsync(colombo, "Colombo registers two people of the Red Cross", async db =>
{
    var redCross = new Organisation { Name = "Sri Lanka Red Cross" };
    db.People.Add(new Person { Name = "Saman Perera", Comments = "needs insulin", Organisation = redCross });
    db.People.Add(new Person { Name = "Fatima Rizvi", Comments = "arrived with 2 children", Organisation = redCross });
    await Task.CompletedTask;
});

await using (var scope = colombo.Services.CreateAsyncScope())
{
    Console.WriteLine();
    Console.WriteLine("Colombo's sync plan (what travels, what stays, and why):");
    Console.Write(scope.ServiceProvider.GetRequiredService<SyncExporter>().Plan.ToString());
}

await ExchangeAsync(colombo, galle, "colombo-1.csv");

// Offline again, on both sides.
await EditAsync(galle, "Galle registers Ishara, keeps a local map setting, and notes Saman's insulin was delivered", async db =>
{
    db.People.Add(new Person { Name = "Ishara Silva", Comments = "registered offline", Organisation = await db.Organisations.SingleAsync() });
    db.MapSettings.Add(new MapSetting { Key = "zoom", Value = "9" });
    (await db.People.SingleAsync(p => p.Name == "Saman Perera")).Comments = "insulin delivered";
});
await EditAsync(colombo, "Colombo moves Fatima to shelter 3, then removes Saman (a tombstone, so the deletion travels)", async db =>
{
    (await db.People.SingleAsync(p => p.Name == "Fatima Rizvi")).Comments = "moved to shelter 3";
    db.People.Remove(await db.People.SingleAsync(p => p.Name == "Saman Perera"));
});
await EditAsync(galle, "Galle, later, also edits Fatima", async db =>
    (await db.People.SingleAsync(p => p.Name == "Fatima Rizvi")).Comments = "moved to shelter 3, asked for a doctor");

await ExchangeAsync(colombo, galle, "colombo-2.csv");
await ExchangeAsync(galle, colombo, "galle-1.csv");

var colomboRows = await SyncedRowsAsync(colombo);
var galleRows = await SyncedRowsAsync(galle);
Console.WriteLine();
Console.WriteLine("What both sites hold now (uuid, name, deleted, modified_on, organisation, comments):");
foreach (var row in colomboRows)
{
    Console.WriteLine("  " + row);
}

await PrintPeersAsync(colombo, "Colombo");
await PrintPeersAsync(galle, "Galle");

Console.WriteLine();
if (colomboRows.SequenceEqual(galleRows))
{
    Console.WriteLine($"Colombo and Galle are identical: {colomboRows.Count} synced rows, compared by uuid. Galle's map setting stayed at Galle.");
    return 0;
}

Console.WriteLine("Colombo and Galle differ: this is a bug.");
return 1;

static async Task<IHost> SiteAsync(string instanceId, string owner, string path)
{
    File.Delete(path);
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddDbContext<ReliefDb>(o => o.UseSqlite($"Data Source={path}"));
    builder.Services.AddSahanaSync<ReliefDb>(o =>
    {
        o.InstanceId = instanceId;
        o.Owner = owner;
    });
    var host = builder.Build();
    await host.StartAsync();
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    await db.Database.EnsureCreatedAsync();
    await db.Database.MigrateSahanaSyncAsync();
    return host;
}

static async Task EditAsync(IHost site, string title, Func<ReliefDb, Task> edit)
{
    await using var scope = site.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    await edit(db);
    await db.SaveChangesAsync();
    Console.WriteLine();
    Console.WriteLine(title + ":");
    foreach (var p in await db.People.IgnoreQueryFilters().OrderBy(p => p.Name).ToListAsync())
    {
        Console.WriteLine($"  {p.Name,-14} {(p.Deleted ? "deleted " : "        ")}{p.ModifiedOn:HH:mm:ss.ffffff}  {p.Comments}");
    }
}

// One site writes a file, the other imports it: what a controller does on each side.
async Task ExchangeAsync(IHost from, IHost to, string name)
{
    var path = Path.Combine(folder, name);
    await using (var scope = from.Services.CreateAsyncScope())
    await using (var stream = File.Create(path))
    {
        var result = await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync(stream);
        Console.WriteLine();
        Console.WriteLine($"{Site(from)} exports {result.TotalRows} rows to {name}; {Site(to)} imports it:");
    }

    await using (var scope = to.Services.CreateAsyncScope())
    await using (var stream = File.OpenRead(path))
    {
        var report = await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(stream);
        Console.Write(report.ToString());
    }

    string Site(IHost site) => site == colombo ? "Colombo" : "Galle";
}

static async Task<List<string>> SyncedRowsAsync(IHost site)
{
    await using var scope = site.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    var organisations = await db.Organisations.OrderBy(o => o.Uuid)
        .Select(o => $"{o.Uuid} {o.Name} {o.Deleted} {o.ModifiedOn:O}").ToListAsync();
    var people = await db.People.OrderBy(p => p.Uuid)
        .Select(p => $"{p.Uuid} {p.Name} {p.Deleted} {p.ModifiedOn:O} {(p.Organisation == null ? "-" : p.Organisation.Uuid)} {p.Comments}").ToListAsync();
    return [.. organisations, .. people];
}

static async Task PrintPeersAsync(IHost site, string name)
{
    await using var scope = site.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    Console.WriteLine();
    Console.WriteLine($"{name}'s sync_instance (the peers it synced with):");
    foreach (var peer in await db.Set<SyncInstance>().ToListAsync())
    {
        Console.WriteLine($"  {peer.BaseUuid,-4} {peer.Owner,-20} last_update {peer.LastUpdate:yyyy-MM-dd HH:mm:ss.ffffff}  sync_count {peer.SyncCount}");
    }
}
