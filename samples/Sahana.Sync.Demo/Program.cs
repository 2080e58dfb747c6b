using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sahana.Sync;
using Sahana.Sync.Demo;

// Two relief sites, Colombo and Galle, each with its own SQLite database, working offline.
var folder = Path.Combine(Path.GetTempPath(), "sahana-sync-demo");
Directory.CreateDirectory(folder);
Console.WriteLine($"Sahana.Sync demo: two sites, databases in {folder}");

using var colombo = await SiteAsync("col", "Colombo office", Path.Combine(folder, "colombo.db"));
using var galle = await SiteAsync("gal", "Galle field office", Path.Combine(folder, "galle.db"));

await using (var scope = colombo.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    var redCross = new Organisation { Name = "Sri Lanka Red Cross" };
    db.People.Add(new Person { Name = "Saman Perera", Comments = "needs insulin", Organisation = redCross });
    db.People.Add(new Person { Name = "Fatima Rizvi", Comments = "arrived with 2 children", Organisation = redCross });
    await db.SaveChangesAsync();
    Print("Colombo registers two people", await db.People.Include(p => p.Organisation).ToListAsync());

    var fatima = await db.People.SingleAsync(p => p.Name == "Fatima Rizvi");
    fatima.Comments = "arrived with 2 children, moved to shelter 3";
    var saman = await db.People.SingleAsync(p => p.Name == "Saman Perera");
    db.People.Remove(saman);
    await db.SaveChangesAsync();
    Print("Colombo edits Fatima and removes Saman (a tombstone, so the deletion can travel)", await db.People.ToListAsync());
}

await using (var scope = galle.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
    db.People.Add(new Person { Name = "Ishara Silva", Comments = "registered offline" });
    db.MapSettings.Add(new MapSetting { Key = "zoom", Value = "9" });
    await db.SaveChangesAsync();
    Print("Galle registers a person of its own", await db.People.ToListAsync());
}

await using (var scope = colombo.Services.CreateAsyncScope())
{
    var exporter = scope.ServiceProvider.GetRequiredService<SyncExporter>();
    Console.WriteLine();
    Console.WriteLine("Colombo's sync plan (what travels, what stays, and why):");
    Console.Write(exporter.Plan.ToString());

    var file = Path.Combine(folder, "colombo-to-galle.csv");
    await using (var stream = File.Create(file))
    {
        var result = await exporter.ExportAsync(stream);
        Console.WriteLine();
        Console.WriteLine($"Colombo exported {result.TotalRows} rows to {file} at {result.Timestamp:yyyy-MM-dd HH:mm:ss.ffffff} UTC:");
    }

    Console.WriteLine(await File.ReadAllTextAsync(file));
}

Console.WriteLine();
Console.WriteLine("Every change carries a uuid and a UTC stamp from the site's hybrid logical clock;");
Console.WriteLine("importing the file at Galle comes with the merge engine.");
return 0;

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

static void Print(string title, IEnumerable<Person> people)
{
    Console.WriteLine();
    Console.WriteLine(title + ":");
    foreach (var p in people)
    {
        Console.WriteLine($"  {p.Name,-14} {(p.Deleted ? "deleted " : "        ")}{p.ModifiedOn:yyyy-MM-dd HH:mm:ss.ffffff}  {p.Uuid}  {p.Comments}");
    }
}
