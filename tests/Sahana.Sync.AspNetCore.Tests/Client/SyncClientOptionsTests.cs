using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Sahana.Sync.AspNetCore.Tests.Client;

public sealed class SyncClientOptionsTests
{
    [Fact]
    public void A_peer_without_an_absolute_http_address_is_refused_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddSahanaSyncClient(o => o.Peers.Add(new SyncPeer(new Uri("/sync/", UriKind.Relative), "Galle")));
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*SyncClientOptions.Peers*'Galle'*absolute http or https*");
    }

    [Fact]
    public void Peers_and_interval_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sync:Peers:0:BaseAddress"] = "https://colombo.example.org/sync/",
            ["Sync:Peers:0:Name"] = "Colombo",
            ["Sync:Peers:1:BaseAddress"] = "https://jaffna.example.org/sync",
            ["Sync:Interval"] = "00:15:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSahanaSyncClient();
        services.Configure<SyncClientOptions>(configuration.GetSection("Sync"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;

        options.Interval.Should().Be(TimeSpan.FromMinutes(15));
        options.Peers.Select(p => p.ToString()).Should().Equal("Colombo", "https://jaffna.example.org/sync");
        options.Peers[1].Endpoint("export").Should().Be(new Uri("https://jaffna.example.org/sync/export"), "a base address without the trailing slash still resolves beneath it");
    }

    [Fact]
    public void An_attempt_timeout_longer_than_the_run_timeout_is_refused()
    {
        var services = new ServiceCollection();
        services.AddSahanaSyncClient(o => o.AttemptTimeout = TimeSpan.FromHours(1));
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;

        read.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void The_resilience_handler_takes_its_retries_and_timeouts_from_the_options_and_is_added_once()
    {
        var services = new ServiceCollection();
        services.AddSahanaSyncClient(o =>
        {
            o.Retries = 5;
            o.RetryDelay = TimeSpan.FromSeconds(1);
            o.AttemptTimeout = TimeSpan.FromMinutes(2);
        });
        services.AddSahanaSyncClient(o => o.Retries = 6);
        using var provider = services.BuildServiceProvider();

        var resilience = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get("SyncClient-standard");

        resilience.Retry.MaxRetryAttempts.Should().Be(6, "the second call's configuration adds up");
        resilience.Retry.Delay.Should().Be(TimeSpan.FromSeconds(1));
        resilience.AttemptTimeout.Timeout.Should().Be(TimeSpan.FromMinutes(2));
        resilience.TotalRequestTimeout.Timeout.Should().Be(TimeSpan.FromMinutes(30));
        resilience.CircuitBreaker.SamplingDuration.Should().Be(TimeSpan.FromMinutes(4));
        HandlerChain(provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("SyncClient"))
            .Count(h => h.GetType().Name == "ResilienceHandler").Should().Be(1);
    }

    private static IEnumerable<HttpMessageHandler> HandlerChain(HttpMessageHandler handler)
    {
        for (var current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            yield return current;
        }
    }
}
