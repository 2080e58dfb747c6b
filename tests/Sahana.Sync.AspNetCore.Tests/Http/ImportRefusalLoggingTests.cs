using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Http;

/// <summary>A 400 from <c>/sync/import</c> is in the server's log, with the problem the caller was told.</summary>
public abstract class ImportRefusalLoggingTests : DatabaseTests
{
    [SkippableFact]
    public async Task A_400_from_import_is_logged_as_a_warning_with_its_message()
    {
        using var logs = new CapturedLogs();
        await using var galle = await SyncSite.StartAsync(
            await CreateDatabaseAsync(), "gal", new SiteSetup { Logging = b => b.AddProvider(logs) });
        using var http = galle.RawClient();
        var file = "TABLE org_organisation\r\norg_organisation.Id,org_organisation.Name,org_organisation.Uuid,"
            + "org_organisation.Deleted,org_organisation.ModifiedOn\r\n"
            + "1,Red Cross,3f0c5a5e-5d2a-4b59-9f39-2f1f6f0e0a01,False,not a time\r\n\r\n\r\nEND";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");

        var response = await http.PostAsync("import", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        logs.Entries.Should().Contain(e => e.Category == "Sahana.Sync.AspNetCore.SyncEndpoints"
            && e.Level == LogLevel.Warning
            && e.Message.StartsWith("Sync import refused with 400", StringComparison.Ordinal)
            && e.Message.Contains("not a time", StringComparison.Ordinal));
    }
}

public sealed class SqliteImportRefusalLoggingTests : ImportRefusalLoggingTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresImportRefusalLoggingTests : ImportRefusalLoggingTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
