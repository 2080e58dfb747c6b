using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Browser.Tests.Infrastructure;

/// <summary>
/// One site as a host application would run it: Kestrel on 127.0.0.1, a SQLite file, Sahana.Sync and the
/// sync page mapped at <c>/sync/ui</c> behind an authorization policy, the way docs/page.md says.
/// </summary>
public sealed class SyncSite : IAsyncDisposable
{
    // One key per instance id for the whole run, as a site keeps its key across restarts; in memory, no key file.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Keys = new(StringComparer.Ordinal);

    public const string PagePath = "/sync/ui";

    private readonly WebApplication _app;
    private readonly SqliteTestDatabase _database;

    private SyncSite(WebApplication app, SqliteTestDatabase database, string baseUrl)
    {
        _app = app;
        _database = database;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string PageUrl => BaseUrl + PagePath;

    public static async Task<SyncSite> StartAsync(string instanceId, string owner, long maxUploadBytes = 16 * 1024 * 1024)
    {
        var database = new SqliteTestDatabase();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<SiteContext>(database.Configure);
        builder.Services.AddSahanaSync<SiteContext>(o =>
        {
            o.InstanceId = instanceId;
            o.Owner = owner;
            o.SigningKey = SyncSigningKey.FromPem(Keys.GetOrAdd(instanceId, _ => NewPem()));
            o.Contact = $"ops@{instanceId}.example.org";
            o.Url = $"https://{instanceId}.example.org";
            o.Exclude<AuditNote>();
        });
        builder.Services.AddSahanaSyncPage(o => o.MaxUploadBytes = maxUploadBytes);

        // Both sites run on 127.0.0.1, where cookies do not tell ports apart: each keeps its own.
        builder.Services.AddAntiforgery(o => o.Cookie.Name = $"antiforgery-{instanceId}");
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireAuthenticatedUser());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSahanaSyncPage(PagePath).RequireAuthorization("sync");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SyncSite(app, database, address.TrimEnd('/'));
    }

    /// <summary>Runs <paramref name="work"/> on a context of a new scope, as a request of the host would.</summary>
    public async Task<T> WithContextAsync<T>(Func<SiteContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SiteContext>());
    }

    public Task WithContextAsync(Func<SiteContext, Task> work) => WithContextAsync(async db =>
    {
        await work(db);
        return true;
    });

    /// <summary>Exports in a new scope, as the host's own code would; returns the file's bytes.</summary>
    public async Task<byte[]> ExportAsync(ExportOptions? options = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var file = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync(file, options);
        return file.ToArray();
    }

    public async Task<MergeReport> ImportAsync(byte[] file)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(new MemoryStream(file, writable: false));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Every row of every table, ids included, without the signature line, which differs every time.</summary>
    public async Task<string> FingerprintAsync()
        => WithoutSignature(System.Text.Encoding.UTF8.GetString(await ExportAsync(new ExportOptions { Backup = true })));

    public static string WithoutSignature(string file)
        => file.IndexOf("\r\nSIGNATURE ", StringComparison.Ordinal) is var at and >= 0 ? file[..at] : file;

    private static string NewPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
