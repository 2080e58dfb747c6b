using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Client;

/// <summary>
/// A peer busy with another import answers a push 409 with Retry-After, having changed nothing; the client
/// sends the same file again after that delay.
/// </summary>
public abstract class BusyPeerTests : DatabaseTests
{
    /// <summary>The documented key of the import lock (docs/import.md).</summary>
    [SkippableFact]
    public async Task An_import_pushed_while_another_holds_the_lock_is_answered_409_with_Retry_After_and_nothing_changes()
    {
        var database = await BusyDatabaseAsync();
        await using var galle = await SyncSite.StartAsync(database, "gal", new SiteSetup { Sync = o => o.ImportLockTimeout = TimeSpan.FromMilliseconds(300) });
        await using var colombo = await SyncSite.StartAsync(await CreateDatabaseAsync(), "col");
        await Relief.RegisterAsync(colombo, "Red Cross", 5);
        var file = await colombo.ExportAsync();
        var before = await galle.FingerprintAsync();

        HttpResponseMessage response;
        await using (await HeldImportLock.TakeAsync(database))
        {
            using var http = galle.RawClient(true, "col");
            using var content = new ByteArrayContent(file);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
            response = await http.PostAsync("import", content);
        }

        using (response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Conflict);
            response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            problem.RootElement.GetProperty("detail").GetString().Should().Contain("Nothing was changed");
        }

        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_push_to_a_peer_busy_with_another_import_succeeds_on_a_retry_after_the_409()
    {
        var database = await BusyDatabaseAsync();
        await using var galle = await SyncSite.StartAsync(database, "gal", new SiteSetup { Sync = o => o.ImportLockTimeout = TimeSpan.FromMilliseconds(300) });
        var held = await HeldImportLock.TakeAsync(database);
        var network = new ReleasingHandler(held);
        await using var colombo = await SyncSite.StartAsync(await CreateDatabaseAsync(), "col", new SiteSetup { HttpClient = c => c.AddHttpMessageHandler(() => network) });
        await Relief.RegisterAsync(colombo, "Red Cross", 5);

        var push = await colombo.Client.PushAsync(galle.Peer);

        push.Inserted.Should().Be(6);
        network.Imports.Should().Equal([HttpStatusCode.Conflict, HttpStatusCode.OK], "the first attempt met the held lock, the retry after it was released went through");
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync());
        await held.DisposeAsync();
    }

    /// <summary>A database whose write lock (SQLite) gives up after a second, so a held one is met quickly.</summary>
    private async Task<TestDatabase> BusyDatabaseAsync()
    {
        var database = await CreateDatabaseAsync();
        if (database is SqliteTestDatabase sqlite)
        {
            sqlite.BusyTimeoutSeconds = 1;
        }

        return database;
    }

    /// <summary>Under the resilience handler, so it sees every attempt: records each import's status, and releases the lock at the first 409.</summary>
    private sealed class ReleasingHandler(HeldImportLock held) : DelegatingHandler
    {
        public List<HttpStatusCode> Imports { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/import", StringComparison.Ordinal))
            {
                Imports.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await held.DisposeAsync();
                }
            }

            return response;
        }
    }
}

public sealed class SqliteBusyPeerTests : BusyPeerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresBusyPeerTests : BusyPeerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
