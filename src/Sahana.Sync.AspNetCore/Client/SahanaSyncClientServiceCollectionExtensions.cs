using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sahana.Sync.AspNetCore;
using Sahana.Sync.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the client that syncs this instance with its peers over HTTP.</summary>
public static class SahanaSyncClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SyncClient"/>, a typed <see cref="HttpClient"/> with the standard resilience handler
    /// (retries, attempt and total timeouts, a circuit breaker per peer), and the scheduler that syncs with
    /// <see cref="SyncClientOptions.Peers"/> every <see cref="SyncClientOptions.Interval"/>. Needs
    /// <c>AddSahanaSync&lt;TContext&gt;()</c>. The options are validated when the host starts.
    /// Calling it again only adds more configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the peers, the interval and the timeouts; <see langword="null"/> for the defaults (no schedule).</param>
    /// <returns>
    /// The client's builder, as <c>AddHttpClient</c> returns it, so the host adds what its peers ask for:
    /// credentials (<c>.AddHttpMessageHandler(…)</c>, which then runs on every attempt), a certificate, a proxy.
    /// </returns>
    public static IHttpClientBuilder AddSahanaSyncClient(this IServiceCollection services, Action<SyncClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<SyncClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(SyncPeerLocks)))
        {
            // Registered before: only the configuration adds up, the handlers are not stacked twice.
            return services.AddHttpClient(nameof(SyncClient));
        }

        options.Validate(Validate).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SyncPeerLocks(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SyncRunLog(sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, SyncScheduler>(sp => new SyncScheduler(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IOptions<SyncClientOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SyncScheduler>>(),
            sp.GetRequiredService<SyncRunLog>())));

        var client = services.AddHttpClient(nameof(SyncClient)).AddTypedClient((http, sp) => new SyncClient(
                http,
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<SyncPeerLocks>(),
                sp.GetRequiredService<IOptions<SyncClientOptions>>().Value,
                sp.GetRequiredService<ILogger<SyncClient>>(),
                sp.GetService<SyncTelemetry>() ?? SyncTelemetry.Default));

        // The resilience handler's timeouts govern; HttpClient's own 100 s would cut a long import short.
        client.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        client.AddStandardResilienceHandler()
            .Configure((resilience, sp) => ConfigureResilience(resilience, sp.GetRequiredService<IOptions<SyncClientOptions>>().Value))
            .SelectPipelineByAuthority();
        return client;
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, SyncClientOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = options.RunTimeout;
        resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2;
        resilience.Retry.Delay = options.RetryDelay;
        if (options.Retries > 0)
        {
            resilience.Retry.MaxRetryAttempts = options.Retries;

            // A 409 from the import endpoint says another import or writer was busy there and nothing changed:
            // sending the same file again after its Retry-After (which the handler honours) is safe.
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(args.Outcome)
                || args.Outcome.Result?.StatusCode == HttpStatusCode.Conflict);
        }
        else
        {
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }
    }

    private static bool Validate(SyncClientOptions options)
    {
        foreach (var peer in options.Peers)
        {
            if (peer.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new OptionsValidationException(nameof(SyncClientOptions), typeof(SyncClientOptions), [$"SyncClientOptions.Peers: '{peer}' needs an absolute http or https BaseAddress, the prefix of its MapSahanaSync endpoints (for example https://galle.example.org/sync/)."]);
            }

            if (peer.Url.Length > 100)
            {
                throw new OptionsValidationException(nameof(SyncClientOptions), typeof(SyncClientOptions), [$"SyncClientOptions.Peers: the address of '{peer}' is longer than 100 characters (sync_instance.url)."]);
            }
        }

        return options.Interval is null or { Ticks: > 0 }
            && options.RunTimeout > TimeSpan.Zero
            && options.AttemptTimeout > TimeSpan.Zero
            && options.AttemptTimeout <= options.RunTimeout
            && options.Retries >= 0
            && options.RetryDelay >= TimeSpan.Zero;
    }
}
