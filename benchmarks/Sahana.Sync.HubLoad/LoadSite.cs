using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore;

namespace Sahana.Sync.HubLoad;

/// <summary>
/// One field site: its own SQLite file and service provider, a <see cref="SyncClient"/> to the hub, and the
/// edits it makes on each tick. Its partner (the site next to it) edits its shared rows too.
/// </summary>
internal sealed class LoadSite : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Random _random;
    private int _created;

    private LoadSite(string id, string partner, ServiceProvider services, SyncPeer hub, int seed)
    {
        Id = id;
        Partner = partner;
        _services = services;
        Hub = hub;
        _random = new Random(seed);
    }

    public string Id { get; }

    /// <summary>Gets the site whose shared rows this one edits as well.</summary>
    public string Partner { get; }

    public SyncPeer Hub { get; }

    /// <summary>Gets how many rows this site created.</summary>
    public int Created => _created;

    public static string IdOf(int index) => FormattableString.Invariant($"s{index + 1:D3}");

    public static async Task<LoadSite> CreateAsync(int index, int sites, string folder, Uri hub, int seed)
    {
        var id = IdOf(index);
        var partner = IdOf(index % 2 == 0 ? (index + 1) % sites : index - 1);
        var path = Path.Combine(folder, id + ".db");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<LoadContext>(o => o.UseSqlite($"Data Source={path}"));
        services.AddSahanaSync<LoadContext>(o =>
        {
            o.InstanceId = id;
            o.Owner = "Field site " + id;
        });

        // The harness counts a run that failed after the client's own retries, and runs it again itself.
        services.AddSahanaSyncClient(o =>
            {
                o.Retries = 2;
                o.RetryDelay = TimeSpan.FromMilliseconds(500);
                o.AttemptTimeout = TimeSpan.FromMinutes(1);
                o.RunTimeout = TimeSpan.FromMinutes(2);
            })
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add(SiteKeyAuthentication.Header, id));
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoadContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
            await db.Database.MigrateSahanaSyncAsync();
        }

        return new LoadSite(id, partner, provider, new SyncPeer(hub, "hub") { InstanceId = LoadHub.InstanceId }, seed);
    }

    /// <summary>Runs one sync (pull, then push) with the hub.</summary>
    public async Task<SyncExchange> SyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SyncClient>().SyncAsync(Hub, cancellationToken);
    }

    /// <summary>Creates the site's first rows.</summary>
    public Task SeedAsync(int rows, EditLog log) => WithContextAsync(db =>
    {
        for (var i = 0; i < rows; i++)
        {
            db.Supplies.Add(NewRow(log));
        }

        return Task.CompletedTask;
    });

    /// <summary>
    /// One tick's edits, saved at once: new rows, updates of its own rows, one update of a shared row of its
    /// partner (the one it edited longest ago), and now and then a deletion.
    /// </summary>
    public Task EditAsync(int tick, int inserts, int updates, EditLog log) => WithContextAsync(async db =>
    {
        for (var i = 0; i < inserts; i++)
        {
            db.Supplies.Add(NewRow(log));
        }

        var own = await db.Supplies.Where(s => s.Site == Id && !s.Deleted).ToListAsync();
        foreach (var row in own.OrderBy(_ => _random.Next()).Take(updates))
        {
            Update(row, tick, log);
        }

        var shared = await db.Supplies.Where(s => s.Site == Partner && s.Shared && !s.Deleted)
            .OrderBy(s => s.Quantity).FirstOrDefaultAsync();
        if (shared is not null)
        {
            Update(shared, tick, log);
        }

        if (tick % 5 == 4 && own.FirstOrDefault(s => !s.Shared) is { } gone)
        {
            db.Supplies.Remove(gone);
            log.Edited(gone.Name, Id);
        }
    });

    /// <summary>Every row as the sites and the hub must agree on it: uuid → values, stamp, tombstone.</summary>
    public Task<List<RowState>> RowsAsync()
        => WithContextAsync(db => RowState.ReadAsync(db));

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private Supply NewRow(EditLog log)
    {
        var n = Interlocked.Increment(ref _created);
        var row = new Supply
        {
            Name = FormattableString.Invariant($"{Id}-{n:D6}"),
            Site = Id,
            Shared = n % 4 == 0,
            Quantity = _random.Next(1, 1000),
            Note = "created at " + Id,
        };
        log.Created(row.Name, Id);
        return row;
    }

    private void Update(Supply row, int tick, EditLog log)
    {
        // Quantity orders the partner's choice: a shared row edited here goes to the back of the queue.
        row.Quantity += 1000 + _random.Next(1, 100);
        row.Note = FormattableString.Invariant($"tick {tick} at {Id}");
        log.Edited(row.Name, Id);
    }

    private async Task<T> WithContextAsync<T>(Func<LoadContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoadContext>();
        var result = await work(db);
        await db.SaveChangesAsync();
        return result;
    }

    private Task<int> WithContextAsync(Func<LoadContext, Task> work) => WithContextAsync(async db =>
    {
        await work(db);
        return 0;
    });
}
