using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore.Page;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Http;

/// <summary>The endpoints of MapSahanaSync as any HTTP client sees them, on a real Kestrel instance.</summary>
public abstract class SyncEndpointsTests : DatabaseTests
{
    [SkippableFact]
    public async Task Calls_without_credentials_get_401_and_change_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 5);
        var file = await colombo.ExportAsync();
        var before = await galle.FingerprintAsync();

        using var stranger = galle.RawClient(authenticated: false);
        (await stranger.GetAsync("export")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await stranger.GetAsync("instance?peer=col")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await stranger.PostAsync("import", Csv(file))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var wrongKey = galle.RawClient(authenticated: false);
        wrongKey.DefaultRequestHeaders.Add(HeaderAuthenticationHandler.Header, "guess");
        (await wrongKey.PostAsync("import", Csv(file))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await galle.FingerprintAsync()).Should().Be(before);
        using var peer = galle.RawClient(true, "col");
        (await peer.PostAsync("import", Csv(file))).StatusCode.Should().Be(HttpStatusCode.OK, "the same file with the key is taken");
    }

    [SkippableFact]
    public async Task The_endpoints_need_an_authenticated_caller_even_when_the_host_adds_no_policy()
    {
        await using var galle = await SiteAsync("gal", new SiteSetup { RequireSyncPolicy = false });

        using var stranger = galle.RawClient(authenticated: false);
        (await stranger.GetAsync("export")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var peer = galle.RawClient();
        (await peer.GetAsync("export")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task A_body_over_the_limit_gets_413_and_changes_nothing_whether_it_announces_its_length_or_not()
    {
        await using var galle = await SiteAsync("gal", new SiteSetup { Endpoints = o => o.MaxImportSize = 4096 });
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 200);
        var file = await colombo.ExportAsync();
        file.Length.Should().BeGreaterThan(4 * 4096);
        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient(true, "col");

        // As SyncClient sends: the server refuses on the announced length before a byte of the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "import") { Content = Csv(file) };
        request.Headers.ExpectContinue = true;
        var announced = await http.SendAsync(request);
        var chunked = await http.PostAsync("import", new UnannouncedContent(file));

        announced.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await announced.Content.ReadAsStringAsync()).Should().Contain("MaxImportSize");
        chunked.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task The_same_file_posted_twice_changes_nothing_the_second_time()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 5);
        var file = await colombo.ExportAsync();
        using var http = galle.RawClient(true, "col");

        var first = await http.PostAsync("import", Csv(file));
        var afterFirst = await galle.FingerprintAsync();
        var second = await http.PostAsync("import", Csv(file));

        var firstReport = await first.Content.ReadFromJsonAsync<JsonElement>();
        firstReport.GetProperty("totalChanges").GetInt64().Should().Be(6);
        firstReport.GetProperty("sender").GetProperty("baseUuid").GetString().Should().Be("col");
        firstReport.GetProperty("tables")[0].GetProperty("inserted").GetInt64().Should().Be(1);
        var secondReport = await second.Content.ReadFromJsonAsync<JsonElement>();
        secondReport.GetProperty("hasChanges").GetBoolean().Should().BeFalse();
        secondReport.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("unchanged").GetInt64()).Should().Be(6);
        secondReport.GetProperty("replayed").GetBoolean().Should().BeTrue();
        (await galle.FingerprintAsync()).Should().Be(afterFirst, "sync_instance included: the same file again moves no bookmark and no count");
    }

    [SkippableFact]
    public async Task A_conflict_in_the_report_names_its_winner_as_text()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 1);
        await galle.Client.PullAsync(colombo.Peer);
        await galle.EditAsync(async db => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.People)).Comments = "galle's edit");
        await colombo.EditAsync(async db => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.People)).Comments = "colombo's later edit");
        using var http = galle.RawClient(true, "col");

        var response = await http.PostAsync("import", Csv(await colombo.ExportAsync()));

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var conflict = report.GetProperty("conflicts")[0];
        conflict.GetProperty("winner").GetString().Should().Be("Remote");
        conflict.GetProperty("table").GetString().Should().Be("pr_person");
        report.GetProperty("duration").GetString().Should().MatchRegex(@"^\d\d:\d\d:\d\d");
    }

    [SkippableFact]
    public async Task A_report_past_its_limit_gives_the_counts_in_the_json_and_the_page_says_how_many_more()
    {
        await using var galle = await SiteAsync("gal");
        using var http = galle.RawClient();
        const string Header = "org_organisation.Id,org_organisation.Name,org_organisation.Uuid,org_organisation.Deleted,org_organisation.ModifiedOn";
        var file = Encoding.UTF8.GetBytes("TABLE org_organisation\r\n" + Header + string.Concat(Enumerable.Range(0, 1005).Select(i => $",org_organisation.x{i}"))
            + "\r\n1,Red Cross,3f0c5a5e-5d2a-4b59-9f39-2f1f6f0e0a01,False,2026-01-01 00:00:00" + new string(',', 1005) + "\r\n\r\nEND\r\n");

        var response = await http.PostAsync("import", Csv(file));
        MergeReport page;
        await using (var scope = galle.Services.CreateAsyncScope())
        {
            page = await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(new MemoryStream(file));
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("skipped").GetArrayLength().Should().Be(ImportOptions.DefaultMaxReportedConflicts);
        report.GetProperty("unreportedSkipped").GetInt64().Should().Be(5);
        (report.GetProperty("conflictCount").GetInt64(), report.GetProperty("unreportedConflicts").GetInt64()).Should().Be((0, 0));
        var html = new Html();
        MergeReportView.Render(html, new UploadOutcome(200, "wide.csv", page, null));
        html.ToString().Should().Contain("<p id=\"more-skipped\">…and 5 more, not shown here.</p>");
    }

    [SkippableFact]
    public async Task A_bad_file_gets_400_naming_table_line_and_column_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 2);
        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient();
        var file = "TABLE org_organisation\r\norg_organisation.Id,org_organisation.Name,org_organisation.Uuid,org_organisation.Deleted,org_organisation.ModifiedOn\r\n"
            + "1,Red Cross,3f0c5a5e-5d2a-4b59-9f39-2f1f6f0e0a01,False,not a time\r\n\r\n\r\nEND";

        var response = await http.PostAsync("import", Csv(Encoding.UTF8.GetBytes(file)));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("table").GetString().Should().Be("org_organisation");
        problem.GetProperty("line").GetInt64().Should().Be(3);
        problem.GetProperty("detail").GetString().Should().Contain("not a time");
        problem.GetProperty("column").GetString().Should().Be("ModifiedOn");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_truncated_file_gets_400_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 50);
        var file = await colombo.ExportAsync();
        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient(true, "col");

        var response = await http.PostAsync("import", Csv(file[..(file.Length / 2)]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_body_that_is_not_csv_gets_415()
    {
        await using var galle = await SiteAsync("gal");
        using var http = galle.RawClient();

        var response = await http.PostAsync("import", new StringContent("{}", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [SkippableFact]
    public async Task Export_streams_csv_and_since_makes_it_a_delta()
    {
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 5);
        using var http = galle.RawClient();
        var full = await http.GetAsync("export");
        var since = (await galle.WithContextAsync(db => Task.FromResult(db.People.Max(p => p.ModifiedOn)))).ToUniversalTime();

        var delta = await http.GetStringAsync("export?since=" + Uri.EscapeDataString(DateTime.SpecifyKind(since, DateTimeKind.Utc).ToString("O")));
        var bad = await http.GetAsync("export?since=yesterday");

        full.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        full.Content.Headers.ContentDisposition!.FileName.Should().StartWith("sync-gal-");
        var fullText = await full.Content.ReadAsStringAsync();
        fullText.Should().Contain("TABLE pr_person").And.Contain("Sarvodaya member 0");
        delta.Should().Contain("Sarvodaya member 4").And.NotContain("Sarvodaya member 0").And.Contain("pr_person.OrganisationId__uuid");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Instance_names_this_instance_and_how_far_it_imported_from_the_caller()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await colombo.Client.PushAsync(galle.Peer);
        var recorded = (await galle.PeerRowAsync("col"))!.LastUpdate;
        using var http = galle.RawClient(true, "col");

        var named = await http.GetFromJsonAsync<SyncInstanceIdentity>("instance?peer=col");
        var anonymous = await http.GetFromJsonAsync<SyncInstanceIdentity>("instance");
        var bad = await http.GetAsync("instance?peer=DROP TABLE");

        named!.BaseUuid.Should().Be("gal");
        named.Owner.Should().Be("Site gal");
        named.CallerLastUpdate.Should().Be(DateTime.SpecifyKind(recorded, DateTimeKind.Utc));
        named.CallerLastUpdate!.Value.Kind.Should().Be(DateTimeKind.Utc);
        anonymous!.CallerLastUpdate.Should().BeNull();
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Instance_publishes_the_public_key_that_signs_this_instances_exports()
    {
        await using var galle = await SiteAsync("gal");
        using var http = galle.RawClient();

        var identity = await http.GetFromJsonAsync<SyncInstanceIdentity>("instance");
        var export = await http.GetStringAsync("export");

        identity!.PublicKey.Should().NotBeNullOrEmpty();
        export.Should().Contain($"\r\nEND\r\nSIGNATURE gal ES256 {identity.PublicKey} ");
    }

    [SkippableFact]
    public async Task A_push_signed_with_another_key_than_the_one_kept_for_the_caller_gets_400_with_both_fingerprints_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await using var impostor = await SiteAsync("col", new SiteSetup { Sync = o => o.SigningKey = NewKey() });
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await colombo.Client.PushAsync(galle.Peer);
        await Relief.RegisterAsync(impostor, "Forged", 2);
        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient(true, "col");

        var response = await http.PostAsync("import", Csv(await impostor.ExportAsync()));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("sender").GetString().Should().Be("col");
        var known = problem.GetProperty("knownFingerprint").GetString();
        var sent = problem.GetProperty("fileFingerprint").GetString();
        known.Should().StartWith("SHA256:").And.NotBe(sent);
        problem.GetProperty("detail").GetString().Should().Contain(known).And.Contain(sent);
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_caller_pushing_a_file_that_names_another_instance_gets_403_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await using var matara = await SiteAsync("mat");
        await Relief.RegisterAsync(matara, "Sarvodaya", 2);
        await matara.Client.PushAsync(galle.Peer);
        var mataraRow = await galle.PeerRowAsync("mat");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        var before = await galle.FingerprintAsync();
        using var asColombo = galle.RawClient(true, "col");
        using var asNobody = galle.RawClient(true);

        // Matara's own file, and the issue's forgery: a lone sync_instance row that would move matara's bookmark.
        var replayed = await asColombo.PostAsync("import", Csv(await matara.ExportAsync()));
        var forged = await asColombo.PostAsync("import", Csv(Encoding.UTF8.GetBytes(
            "TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,sync_instance.url,"
            + "sync_instance.last_update,sync_instance.sync_count\r\nmat,Forged,<NULL>,http://evil.example/,2030-01-01 00:00:00,0\r\n\r\n\r\nEND")));
        var unnamed = await asNobody.PostAsync("import", Csv(await colombo.ExportAsync()));

        foreach (var response in new[] { replayed, forged })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("title").GetString().Should().Contain("'mat'").And.Contain("nothing was changed");
            problem.GetProperty("detail").GetString().Should().Contain("'mat'").And.Contain("'col'");
            problem.GetProperty("claimedSender").GetString().Should().Be("mat");
            problem.GetProperty("allowedSenders").EnumerateArray().Select(e => e.GetString()).Should().Equal("col");
        }

        unnamed.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a caller that speaks for no instance pushes no named file");
        (await galle.FingerprintAsync()).Should().Be(before, "every table, sync_instance included");
        (await galle.PeerRowAsync("mat")).Should().BeEquivalentTo(mataraRow);
        (await asColombo.PostAsync("import", Csv(await colombo.ExportAsync()))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task A_plain_dump_is_recorded_under_a_callers_only_id_and_under_none_for_a_caller_of_none()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        var plain = await colombo.ExportAsync(new ExportOptions { IncludeInstanceSection = false });
        using var asNobody = galle.RawClient(true);
        using var asColombo = galle.RawClient(true, "col");

        var unnamed = await (await asNobody.PostAsync("import", Csv(plain))).Content.ReadFromJsonAsync<JsonElement>();
        var named = await (await asColombo.PostAsync("import", Csv(plain))).Content.ReadFromJsonAsync<JsonElement>();

        unnamed.GetProperty("sender").ValueKind.Should().Be(JsonValueKind.Null);
        unnamed.GetProperty("totalChanges").GetInt64().Should().Be(3);
        named.GetProperty("sender").GetProperty("baseUuid").GetString().Should().Be("col");
    }

    [SkippableFact]
    public async Task Instance_answers_how_far_it_imported_only_for_the_callers_own_ids()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await colombo.Client.PushAsync(galle.Peer);
        using var asMatara = galle.RawClient(true, "mat");

        var other = await asMatara.GetAsync("instance?peer=col");
        var own = await asMatara.GetAsync("instance?peer=mat");

        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("'mat'").And.Contain("'col'");
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.Content.ReadFromJsonAsync<SyncInstanceIdentity>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!
            .CallerLastUpdate.Should().BeNull("nothing was imported from mat");
    }

    [SkippableFact]
    public async Task A_delta_for_the_caller_leaves_out_what_it_pushed_and_only_the_caller_may_ask_for_one()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await colombo.Client.PushAsync(galle.Peer);
        using var asColombo = galle.RawClient(true, "col");
        using var asMatara = galle.RawClient(true, "mat");
        const string since = "export?since=2000-01-01T00:00:00.0000000Z";

        var forAnyone = await asColombo.GetStringAsync(since);
        var forColombo = await asColombo.GetStringAsync(since + "&peer=col");
        var forged = await asMatara.GetAsync(since + "&peer=col");

        forAnyone.Should().Contain("Red Cross", "a delta for no one carries what Colombo pushed");
        forColombo.Should().NotContain("Red Cross", "Colombo has its own rows: they are echoes").And.MatchRegex("\r\nEND\r\nSIGNATURE gal [^\r\n]+\r\n$");
        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a caller may not ask for another instance's delta, which would keep rows from it");
        (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("'mat'").And.Contain("'col'");
    }

    [SkippableFact]
    public async Task A_pull_gets_back_none_of_the_rows_this_instance_pushed()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        await colombo.Client.PushAsync(galle.Peer);
        await colombo.Client.PullAsync(galle.Peer);

        // Colombo registers more and pushes them; its next pull is a delta that would carry them straight back.
        await Relief.RegisterAsync(colombo, "Sarvodaya", 3);
        await colombo.Client.PushAsync(galle.Peer);
        await Relief.RegisterAsync(galle, "Galle Fishermen", 1);
        var pull = await colombo.Client.PullAsync(galle.Peer);

        pull.Since.Should().NotBeNull("the second pull is a delta");
        pull.Inserted.Should().Be(2, "Galle's organisation and its one person are new to Colombo");
        pull.Unchanged.Should().Be(0, "the pull names Colombo as the recipient: nothing Colombo pushed comes back");
    }

    private static ByteArrayContent Csv(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        return content;
    }

    private async Task<SyncSite> SiteAsync(string instanceId, SiteSetup? setup = null)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId, setup);

    /// <summary>A body sent chunked, without Content-Length, so the server finds out its size only by reading it.</summary>
    private sealed class UnannouncedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnannouncedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private static SyncSigningKey NewKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return SyncSigningKey.FromPem(key.ExportPkcs8PrivateKeyPem());
    }
}

public sealed class SqliteSyncEndpointsTests : SyncEndpointsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncEndpointsTests : SyncEndpointsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
