namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// Site B of the two-sites fixture on a scratch database, with its backup fingerprint taken before the
/// test: what a refused file must leave exactly as it was.
/// </summary>
public sealed record FixtureSite(TestDatabase Database, SyncTestHost<ReliefContext> Host, string Before) : IAsyncDisposable
{
    public static async Task<FixtureSite> LoadAsync(TestDatabase database)
    {
        await FixtureLoader.LoadAsync(database, FixtureLoader.PathOf("two-sites", "b_final.csv"));
        var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        return new FixtureSite(database, host, await DatabaseState.FingerprintAsync(host));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
