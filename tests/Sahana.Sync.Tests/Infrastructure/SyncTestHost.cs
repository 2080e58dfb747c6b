using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

    // interceptors: what the host adds to its context with options.AddInterceptors(…).
    public SyncTestHost(TestDatabase database, string instanceId = "col", TestClock? time = null, Action<SahanaSyncOptions>? configure = null, params IInterceptor[] interceptors)
    {
        InstanceId = instanceId;
        Time = time ?? new TestClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddMetrics();
        services.AddDbContext<TContext>(options =>
        {
            database.Configure(options);
            options.AddInterceptors(interceptors);
        });
        services.AddSahanaSync<TContext>(options =>
        {
            options.InstanceId = instanceId;
            options.SigningKey = TestKeys.For(instanceId);
            configure?.Invoke(options);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public TestClock Time { get; }

    public string InstanceId { get; }

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

    /// <summary>Edits through the host's own context in a new scope and saves, as the application would: stamped on save.</summary>
    public async Task EditAsync(Action<TContext> edit)
    {
        await using var scoped = NewContext();
        edit(scoped.Context);
        await scoped.Context.SaveChangesAsync();
    }

    /// <summary>Imports a file's bytes in a new scope, as an upload controller would.</summary>
    public async Task<MergeReport> ImportAsync(byte[] file, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var scoped = NewContext();
        return await scoped.Get<UuidMergeEngine>().ImportAsync(new MemoryStream(file, writable: false), options, cancellationToken);
    }

    public Task<MergeReport> ImportAsync(string text, ImportOptions? options = null) => ImportAsync(System.Text.Encoding.UTF8.GetBytes(text), options);

    /// <summary>Exports in a new scope and returns the file's bytes.</summary>
    public async Task<byte[]> ExportAsync(ExportOptions? options = null)
    {
        await using var scoped = NewContext();
        using var stream = new MemoryStream();
        await scoped.Get<SyncExporter>().ExportAsync(stream, options);
        return stream.ToArray();
    }

    /// <summary>The <c>last_update</c> of <paramref name="sender"/>'s last file here: where its next delta starts; null before any.</summary>
    public async Task<DateTime?> LastUpdateOfAsync(string sender)
    {
        await using var scoped = NewContext();
        return await scoped.Context.Set<SyncInstance>().Where(i => i.BaseUuid == sender)
            .Select(i => (DateTime?)i.LastUpdate).SingleOrDefaultAsync();
    }

    /// <summary>Exports in a new scope and returns the file's bytes with what the exporter says it wrote.</summary>
    public async Task<(byte[] File, ExportResult Result)> ExportResultAsync(ExportOptions? options = null)
    {
        await using var scoped = NewContext();
        using var stream = new MemoryStream();
        var result = await scoped.Get<SyncExporter>().ExportAsync(stream, options);
        return (stream.ToArray(), result);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public sealed class ScopedContext(AsyncServiceScope scope, TContext context) : IAsyncDisposable
    {
        public TContext Context { get; } = context;

        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
