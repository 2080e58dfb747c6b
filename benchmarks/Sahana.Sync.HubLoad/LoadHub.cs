using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Sahana.Sync.HubLoad;

/// <summary>The hub: Kestrel on a free port of 127.0.0.1, the sync endpoints, a fresh PostgreSQL database.</summary>
internal sealed class LoadHub : IAsyncDisposable
{
    public const string InstanceId = "hub";
    private const string DatabaseName = "sahana_hubload";

    private readonly WebApplication _app;

    private LoadHub(WebApplication app, Uri address, string connectionString)
    {
        _app = app;
        Address = address;
        ConnectionString = connectionString;
    }

    /// <summary>Gets where the sites find the hub's endpoints.</summary>
    public Uri Address { get; }

    public string ConnectionString { get; }

    public static async Task<LoadHub> StartAsync(string server)
    {
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }

        // Imports into the hub take turns (the import lock); each waiting push holds a connection meanwhile, so
        // the pool is sized for the sites that push at once, and a request waits for a connection rather than fail.
        var connectionString = new NpgsqlConnectionStringBuilder(server)
        {
            Database = DatabaseName,
            MaxPoolSize = 90,
            Timeout = 60,
        }.ConnectionString;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<LoadContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSahanaSync<LoadContext>(o =>
        {
            o.InstanceId = InstanceId;
            o.Owner = "Head office";
        });
        builder.Services.AddAuthentication(SiteKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SiteKeyAuthentication>(SiteKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.MapSahanaSync("/sync").RequireAuthorization();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoadContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoadHub(app, new Uri(new Uri(address), "/sync/"), connectionString);
    }

    public async Task<T> WithContextAsync<T>(Func<LoadContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LoadContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
