using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReliefApp.Http;

namespace Sahana.Sync.AspNetCore.Tests.Snippets;

/// <summary>The client set-up of the README and docs/http.md built as a host does.</summary>
public sealed class SnippetClientSetupTests
{
    public static TheoryData<string> SetUps => ["README", "docs/http.md"];

    [Theory]
    [MemberData(nameof(SetUps))]
    public async Task The_client_set_up_sends_the_token_handlers_credentials(string setUp)
    {
        await using var echo = await StartEchoAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Sync:ColomboToken", "t0ken")]);
        if (setUp == "README")
        {
            SyncClientSetup.AddClient(builder);
        }
        else
        {
            ScheduledClientSetup.AddClient(builder);
        }

        await using var app = builder.Build();

        // The typed client is built as the scheduler and a "Sync now" button get it; without the handler in
        // the container this throws, at the first run.
        app.Services.GetRequiredService<SyncClient>().Should().NotBeNull();
        var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SyncClient));
        var seen = await http.GetStringAsync(new Uri(echo.Urls.Single() + "/echo"));
        seen.Should().Be("Bearer t0ken");
    }

    private static async Task<WebApplication> StartEchoAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/echo", (HttpRequest request) => request.Headers.Authorization.ToString());
        await app.StartAsync();
        return app;
    }
}
