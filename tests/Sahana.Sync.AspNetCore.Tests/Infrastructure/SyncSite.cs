using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// One instance as a host would run it: Kestrel on a free loopback port, its context on a test database,
/// the sync endpoints behind a policy, and a SyncClient that authenticates to other sites.
/// </summary>
public sealed class SyncSite : IAsyncDisposable
{
    // One key per instance id for the whole run, as a site keeps its key across restarts; in memory, no key file.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Keys = new(StringComparer.Ordinal);

    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private SyncSite(WebApplication app, TestDatabase database, string instanceId, Uri address)
    {
        _app = app;
        _database = database;
        InstanceId = instanceId;
        Address = address;
        Peer = new SyncPeer(new Uri(address, "/sync/"), instanceId);
    }

    public string InstanceId { get; }

    /// <summary>Where Kestrel listens, for example http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>This site as another site's client sees it.</summary>
    public SyncPeer Peer { get; }

    public IServiceProvider Services => _app.Services;

    public SyncClient Client => _app.Services.GetRequiredService<SyncClient>();

    /// <summary>Starts a site on <paramref name="database"/>, which the site then owns: disposing the site drops it.</summary>
    public static async Task<SyncSite> StartAsync(TestDatabase database, string instanceId, SiteSetup? setup = null)
    {
        setup ??= new SiteSetup();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        setup.Logging?.Invoke(builder.Logging);
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o =>
        {
            o.InstanceId = instanceId;
            o.Owner = $"Site {instanceId}";
            o.SigningKey = SyncSigningKey.FromPem(Keys.GetOrAdd(instanceId, _ => NewPem()));
            setup.Sync?.Invoke(o);
        });
        builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireClaim("scope", "sync"));
        var client = builder.Services.AddSahanaSyncClient(o =>
        {
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            setup.Client?.Invoke(o);
        });
        client.ConfigureHttpClient(http => http.DefaultRequestHeaders.Add(HeaderAuthenticationHandler.Header, HeaderAuthenticationHandler.KeyFor(instanceId)));
        setup.HttpClient?.Invoke(client);
        setup.Services?.Invoke(builder.Services);

        var app = builder.Build();
        setup.Pipeline?.Invoke(app);
        var endpoints = app.MapSahanaSync("/sync", setup.Endpoints);
        if (setup.RequireSyncPolicy)
        {
            endpoints.RequireAuthorization("sync");
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReliefContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SyncSite(app, database, instanceId, new Uri(address));
    }

    /// <summary>An HttpClient straight at this site's endpoints, with the peers' key or without; the key speaks for <paramref name="speaksFor"/>.</summary>
    public HttpClient RawClient(bool authenticated = true, params string[] speaksFor)
    {
        var http = new HttpClient { BaseAddress = new Uri(Address, "/sync/") };
        if (authenticated)
        {
            http.DefaultRequestHeaders.Add(HeaderAuthenticationHandler.Header, HeaderAuthenticationHandler.KeyFor(speaksFor));
        }

        return http;
    }

    public async Task<T> WithContextAsync<T>(Func<ReliefContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReliefContext>());
    }

    public Task EditAsync(Func<ReliefContext, Task> edit) => WithContextAsync(async db =>
    {
        await edit(db);
        await db.SaveChangesAsync();
        return 0;
    });

    /// <summary>Every row of every table, ids and sync_instance included: equal fingerprints mean nothing changed.</summary>
    // Without the signature line: an ECDSA signature differs every time, the rows do not.
    public async Task<string> FingerprintAsync()
        => await ExportTextAsync(new ExportOptions { Backup = true }) is var text
            && text.IndexOf("\r\nSIGNATURE ", StringComparison.Ordinal) is var at and >= 0 ? text[..at] : text;

    public async Task<byte[]> ExportAsync(ExportOptions? options = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var stream = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync(stream, options);
        return stream.ToArray();
    }

    /// <summary>The synced rows as the sites compare them: by uuid, references as uuids, local ids left out.</summary>
    public Task<List<string>> SyncedRowsAsync() => WithContextAsync(async db =>
    {
        var organisations = await db.Organisations.IgnoreQueryFilters().OrderBy(o => o.Uuid)
            .Select(o => $"org {o.Uuid} {o.Name} {o.Comments} {o.Deleted} {o.ModifiedOn:O}").ToListAsync();
        var people = await db.People.IgnoreQueryFilters().OrderBy(p => p.Uuid)
            .Select(p => $"person {p.Uuid} {p.FirstName} {p.Comments} {p.Deleted} {p.ModifiedOn:O} {(p.Organisation == null ? "-" : p.Organisation.Uuid)}").ToListAsync();
        return organisations.Concat(people).ToList();
    });

    public Task<SyncInstance?> PeerRowAsync(string baseUuid)
        => WithContextAsync(db => db.Set<SyncInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.BaseUuid == baseUuid));

    /// <summary>Stops the site and drops its database, which the site owns from <see cref="StartAsync"/> on.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<string> ExportTextAsync(ExportOptions options) => System.Text.Encoding.UTF8.GetString(await ExportAsync(options));

    private static string NewPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}

/// <summary>What a test changes about a site.</summary>
public sealed class SiteSetup
{
    public Action<SyncEndpointOptions>? Endpoints { get; init; }

    /// <summary>Changes to the site's Sahana.Sync options beyond its id and owner.</summary>
    public Action<SahanaSyncOptions>? Sync { get; init; }

    public Action<SyncClientOptions>? Client { get; init; }

    /// <summary>Where the site logs to; nowhere unless set.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    public Action<IHttpClientBuilder>? HttpClient { get; init; }

    /// <summary>More services, such as health checks.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Middleware in front of the endpoints, such as one that cuts responses.</summary>
    public Action<WebApplication>? Pipeline { get; init; }

    /// <summary>Whether the host adds its "sync" policy; without it the group still needs an authenticated caller.</summary>
    public bool RequireSyncPolicy { get; init; } = true;
}
