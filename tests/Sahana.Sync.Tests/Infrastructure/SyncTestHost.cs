using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// One instance of a host application as a test sees it: a service provider with the host's context on a
/// test database, Sahana.Sync added the way the README says, and a clock the test controls.
/// Disposing it and building another on the same database is a restart.
/// </summary>
public sealed class SyncTestHost<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private readonly ServiceProvider _services;

    public SyncTestHost(TestDatabase database, string instanceId = "col", TestClock? time = null, Action<SahanaSyncOptions>? configure = null)
    {
        Time = time ?? new TestClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddDbContext<TContext>(database.Configure);
        services.AddSahanaSync<TContext>(options =>
        {
            options.InstanceId = instanceId;
            configure?.Invoke(options);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public TestClock Time { get; }

    public IServiceProvider Services => _services;

    /// <summary>A new scope's context, as a controller would get it.</summary>
    public ScopedContext NewContext()
    {
        var scope = _services.CreateAsyncScope();
        return new ScopedContext(scope, scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async Task CreateSchemaAsync()
    {
        await using var scoped = NewContext();
        await scoped.Context.Database.EnsureCreatedAsync();
        await scoped.Context.Database.MigrateSahanaSyncAsync();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public sealed class ScopedContext(AsyncServiceScope scope, TContext context) : IAsyncDisposable
    {
        public TContext Context { get; } = context;

        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
