using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReliefApp.Mvc;
using ReliefApp.QuickStart;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Snippets;

/// <summary>The README's MVC controller (samples/Sahana.Sync.Snippets) in a host, as a reader would run it.</summary>
public abstract class SnippetSyncControllerTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_bad_file_gets_400_with_problem_details_naming_the_error_and_changes_nothing()
    {
        await using var host = await ControllerHost.StartAsync(await CreateDatabaseAsync());
        var file = "TABLE pr_person\r\n"
            + "pr_person.Id,pr_person.Name,pr_person.OrganisationId,pr_person.Uuid,"
            + "pr_person.ModifiedOn,pr_person.Deleted\r\n"
            + "1,Ann,<NULL>,3f0c5a5e-5d2a-4b59-9f39-2f1f6f0e0a01,not a time,False\r\n\r\n\r\nEND";

        var response = await host.Http.PostAsync("sync/import", Csv(Encoding.UTF8.GetBytes(file)));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("The sync file was refused.");
        problem.GetProperty("detail").GetString().Should()
            .Contain("pr_person").And.Contain("Line 3").And.Contain("not a time");
        (await host.CountPeopleAsync()).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_file_it_exported_imports_back_with_a_merge_report()
    {
        await using var host = await ControllerHost.StartAsync(await CreateDatabaseAsync());
        await host.AddPersonAsync("Ann");

        using var export = await host.Http.GetAsync("sync/export");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.FileName.Should()
            .MatchRegex("^\"?sync-col-[0-9]{8}T[0-9]{6}Z\\.csv\"?$");
        var file = await export.Content.ReadAsByteArrayAsync();

        var response = await host.Http.PostAsync("sync/import", Csv(file));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("tables").EnumerateArray().Should()
            .Contain(t => t.GetProperty("table").GetString() == "pr_person");
        (await host.CountPeopleAsync()).Should().Be(1);
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private sealed class ControllerHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TestDatabase _database;

        private ControllerHost(WebApplication app, TestDatabase database, Uri address)
        {
            _app = app;
            _database = database;
            Http = new HttpClient { BaseAddress = address };
            Http.DefaultRequestHeaders.Add(
                HeaderAuthenticationHandler.Header, HeaderAuthenticationHandler.KeyFor("gal"));
        }

        public HttpClient Http { get; }

        public static async Task<ControllerHost> StartAsync(TestDatabase database)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddDbContext<ReliefDb>(database.Configure);
            builder.Services.AddSahanaSync<ReliefDb>(o => o.InstanceId = "col");
            builder.Services.AddControllers().AddApplicationPart(typeof(SyncController).Assembly);
            builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(
                    HeaderAuthenticationHandler.SchemeName, null);
            builder.Services.AddAuthorizationBuilder().AddPolicy("sync", p => p.RequireClaim("scope", "sync"));
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapControllers();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
                await db.Database.EnsureCreatedAsync();
                await db.Database.MigrateSahanaSyncAsync();
            }

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
                .Addresses.Single();
            return new ControllerHost(app, database, new Uri(address));
        }

        public async Task AddPersonAsync(string name)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReliefDb>();
            db.People.Add(new Person { Name = name });
            await db.SaveChangesAsync();
        }

        public async Task<int> CountPeopleAsync()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReliefDb>().People.IgnoreQueryFilters().CountAsync();
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteSnippetSyncControllerTests : SnippetSyncControllerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSnippetSyncControllerTests : SnippetSyncControllerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
