using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Browser.Tests.Infrastructure;

namespace Sahana.Sync.Browser.Tests;

/// <summary>What the page refuses and how it encodes, checked with an HTTP client against a real site.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the sites through IAsyncLifetime.DisposeAsync.")]
public sealed class SyncPageHttpTests : IAsyncLifetime
{
    private SyncSite _field = null!;
    private SyncSite _office = null!;

    public async Task InitializeAsync()
    {
        _field = await SyncSite.StartAsync("fld", "<script>alert(1)</script>");
        _office = await SyncSite.StartAsync("hq", "Colombo head office", maxUploadBytes: 4096);
        await _field.WithContextAsync(async db =>
        {
            db.People.Add(new Person { Name = "Amara Perera" });
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await _field.DisposeAsync();
        await _office.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", SyncSite.PagePath)]
    [InlineData("GET", SyncSite.PagePath + "/download")]
    [InlineData("POST", SyncSite.PagePath)]
    public async Task Without_a_signed_in_user_the_page_answers_401_and_shows_nothing(string method, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_field.BaseUrl) };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_page_is_plain_html_with_no_script_and_a_policy_that_allows_none()
    {
        using var client = new PageClient(_field);
        using var response = await client.GetAsync(SyncSite.PagePath);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().StartWith("default-src 'none'; style-src 'sha256-").And.NotContain("script-src");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().NotContain("<script").And.NotContain(" src=").And.NotContain(" href=", "nothing is fetched, from this site or elsewhere")
            .And.Contain("<label for=\"file\">").And.Contain("enctype=\"multipart/form-data\"").And.Contain("<th scope=\"col\">");
    }

    [Fact]
    public async Task An_owner_and_a_file_name_that_look_like_markup_are_shown_as_text()
    {
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(file, "<script>alert(1)</script>.csv", await client.TokenAsync());

        status.Should().Be(HttpStatusCode.OK);
        page.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;.csv", "the file name is in the report and the history")
            .And.Contain("&lt;script&gt;alert(1)&lt;/script&gt; (fld)", "the sender's owner comes from the file")
            .And.NotContain("<script");
    }

    [Fact]
    public async Task A_file_from_another_application_shows_a_warning_and_records_no_peer()
    {
        var file = "TABLE sync_instance\r\nsync_instance.base_uuid,sync_instance.owner,sync_instance.contact,"
            + "sync_instance.url,sync_instance.last_update,sync_instance.sync_count\r\n"
            + "xyz,Another app,<NULL>,<NULL>,2020-01-01 00:00:00,0\r\n\r\n\r\n"
            + "TABLE auth_event\r\nauth_event.id,auth_event.description\r\n1,login\r\n\r\n\r\nEND";
        using var client = new PageClient(_office);

        var token = await client.TokenAsync();
        var (status, page) = await client.UploadAsync(Encoding.UTF8.GetBytes(file), "other-app.csv", token);

        status.Should().Be(HttpStatusCode.OK);
        page.Should().Contain("Nothing imported: no table in the file is synced here")
            .And.Contain("id=\"outcome-warning\"").And.NotContain("Import finished");
        (await _office.WithContextAsync(db => db.Set<SyncInstance>().CountAsync(i => i.BaseUuid == "xyz")))
            .Should().Be(0);
    }

    [Fact]
    public async Task MapSahanaSyncPage_without_AddSahanaSync_names_the_missing_call()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Services.AddSahanaSyncPage();
        await using var app = builder.Build();

        var map = () => app.MapSahanaSyncPage("/sync/ui");

        map.Should().Throw<SyncConfigurationException>()
            .WithMessage("The sync page needs Sahana.Sync's services*AddSahanaSync<TContext>(…)*");
    }

    [Fact]
    public async Task A_hostile_table_name_in_the_file_is_reported_as_skipped_and_as_text()
    {
        // Unsigned: a section added to a signed file would break its signature.
        var text = SyncSite.WithoutSignature(Encoding.UTF8.GetString(await _field.ExportAsync()));
        var hostile = text.Replace("END", "TABLE <script>alert(1)</script>\r\n<script>alert(1)</script>.id\r\n1\r\n\r\n\r\nEND", StringComparison.Ordinal);
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(Encoding.UTF8.GetBytes(hostile), "hostile.csv", await client.TokenAsync());

        status.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>: ").And.NotContain("<script");
    }

    [Fact]
    public async Task An_upload_from_another_sender_than_the_expected_one_is_refused_and_changes_nothing()
    {
        var file = await _field.ExportAsync();
        var before = await _office.FingerprintAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(file, "from-galle.csv", await client.TokenAsync(), expectedSender: "gal");

        status.Should().Be(HttpStatusCode.BadRequest);
        page.Should().Contain("The file was rejected. Nothing was changed.")
            .And.Contain("exported by instance &#x27;fld&#x27;, but the import expects &#x27;gal&#x27; (ImportOptions.ExpectedSender)");
        (await _office.FingerprintAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("fld", HttpStatusCode.OK)]
    [InlineData(" fld ", HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.OK)]
    [InlineData("FLD!", HttpStatusCode.BadRequest)]
    public async Task An_upload_from_the_expected_sender_or_with_the_field_empty_is_merged(string expected, HttpStatusCode outcome)
    {
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(file, "sync.csv", await client.TokenAsync(), expectedSender: expected);

        status.Should().Be(outcome, page);
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(outcome == HttpStatusCode.OK ? 1 : 0);
        page.Should().Contain("id=\"expected-sender\"", "the form offers the field again");
    }

    [Fact]
    public async Task An_upload_without_the_forms_token_is_refused_and_changes_nothing()
    {
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);
        await client.TokenAsync();

        var (status, page) = await client.UploadAsync(file, "sync.csv", token: null);

        status.Should().Be(HttpStatusCode.BadRequest);
        page.Should().Contain("The file was rejected. Nothing was changed.").And.Contain("Reload the page");
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task An_upload_with_another_sessions_token_is_refused_and_changes_nothing()
    {
        var file = await _field.ExportAsync();
        using var other = new PageClient(_office, "someone-else");
        var token = await other.TokenAsync();
        using var client = new PageClient(_office);
        await client.TokenAsync();

        var (status, _) = await client.UploadAsync(file, "sync.csv", token);

        status.Should().Be(HttpStatusCode.BadRequest);
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_over_the_upload_limit_is_refused_with_413_and_changes_nothing(bool chunked)
    {
        var text = Encoding.UTF8.GetString(await _field.ExportAsync());
        var large = text.Replace("Amara Perera", "Amara Perera " + new string('x', 8000), StringComparison.Ordinal);
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(Encoding.UTF8.GetBytes(large), "large.csv", await client.TokenAsync(), chunked);

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        page.Should().Contain("The file is larger than this page accepts (4 KB).");
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_file_under_the_limit_sent_without_a_length_streams_into_the_engine()
    {
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(file, "streamed.csv", await client.TokenAsync(), chunked: true);

        status.Should().Be(HttpStatusCode.OK, page);
        (await _office.WithContextAsync(db => db.People.Select(p => p.Name).ToListAsync())).Should().Equal("Amara Perera");
        (await _office.WithContextAsync(db => db.Set<SyncImportRecord>().Select(r => r.Source).ToListAsync())).Should().Equal("streamed.csv");
    }

    [Fact]
    public async Task Mapping_the_page_without_its_services_fails_at_start_saying_what_to_add()
    {
        var builder = WebApplication.CreateBuilder();
        await using var app = builder.Build();

        var map = () => app.MapSahanaSyncPage("/sync/ui");

        map.Should().Throw<InvalidOperationException>().WithMessage("*services.AddSahanaSyncPage()*");
    }

    [Fact]
    public async Task A_delta_for_an_unknown_peer_is_404()
    {
        using var client = new PageClient(_field);
        using var response = await client.GetAsync(SyncSite.PagePath + "/download?since=nope");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rows_stamped_ahead_of_this_machines_clock_show_a_warning_with_a_form_that_asks_for_confirmation()
    {
        using var client = new PageClient(_field);
        var before = await (await client.GetAsync(SyncSite.PagePath)).Content.ReadAsStringAsync();
        before.Should().NotContain("clock-warning-section");
        await StampAheadAsync(_field, TimeSpan.FromDays(2 * 365 + 3));

        var page = await (await client.GetAsync(SyncSite.PagePath)).Content.ReadAsStringAsync();

        page.Should().Contain("id=\"clock-warning-section\"")
            .And.Contain("1 record is stamped up to 2 years 3 days ahead of this machine")
            .And.Contain("<form method=\"post\" action=\"/sync/ui/clock\">")
            .And.Contain("name=\"clockCorrect\" value=\"yes\" required> This machine's clock is now correct</label>")
            .And.NotContain("<script");
    }

    [Fact]
    public async Task The_clock_repair_without_the_confirmation_or_the_token_changes_nothing()
    {
        var stamp = await StampAheadAsync(_field, TimeSpan.FromDays(800));
        using var client = new PageClient(_field);
        var token = await client.TokenAsync();

        var (unconfirmed, page) = await client.RepairClockAsync(token, confirmed: false);
        var (forged, _) = await client.RepairClockAsync(token: null, confirmed: true);

        unconfirmed.Should().Be(HttpStatusCode.BadRequest);
        forged.Should().Be(HttpStatusCode.BadRequest);
        page.Should().Contain("Nothing was re-stamped").And.Contain("id=\"clock-warning-section\"");
        (await _field.WithContextAsync(db => db.People.Select(p => p.ModifiedOn).SingleAsync())).Should().Be(stamp);
    }

    [Fact]
    public async Task A_lost_edit_is_resolved_only_by_a_form_with_the_token_and_dismissing_keeps_the_winner()
    {
        await _office.ImportAsync(await _field.ExportAsync());
        await _field.WithContextAsync(async db =>
        {
            (await db.People.SingleAsync()).Comments = "insulin delivered";
            await db.SaveChangesAsync();
        });
        await _office.WithContextAsync(async db =>
        {
            (await db.People.SingleAsync()).Comments = "visited";
            await db.SaveChangesAsync();
        });
        await _field.ImportAsync(await _office.ExportAsync());
        var id = (await _field.WithContextAsync(db => db.Set<SyncConflictRecord>().SingleAsync())).Id.ToString("D");
        using var client = new PageClient(_field);
        var token = await client.TokenAsync();

        var (forged, _) = await client.ResolveConflictAsync(token: null, id, "dismiss");
        var (unknown, unknownPage) = await client.ResolveConflictAsync(token, Guid.Empty.ToString("D"), "dismiss");
        var (dismissed, page) = await client.ResolveConflictAsync(token, id, "dismiss");

        forged.Should().Be(HttpStatusCode.BadRequest);
        unknown.Should().Be(HttpStatusCode.BadRequest);
        unknownPage.Should().Contain("There is no open conflict");
        dismissed.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain("Edit dismissed").And.NotContain("id=\"conflicts-section\"");
        var entry = await _field.WithContextAsync(db => db.Set<SyncConflictRecord>().SingleAsync());
        entry.State.Should().Be(SyncConflictState.Dismissed);
        entry.ResolvedBy.Should().NotBeNullOrEmpty("the signed-in user decided it");
        (await _field.WithContextAsync(db => db.People.SingleAsync())).Comments.Should().Be("visited");
    }

    [Fact]
    public async Task The_clock_repair_with_the_confirmation_restamps_to_now_and_the_warning_goes()
    {
        var stamp = await StampAheadAsync(_field, TimeSpan.FromDays(800));
        using var client = new PageClient(_field);
        var token = await client.TokenAsync();

        var (status, page) = await client.RepairClockAsync(token, confirmed: true);

        status.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain("1 record was re-stamped to this machine").And.NotContain("id=\"clock-warning-section\"");
        var restamped = await _field.WithContextAsync(db => db.People.Select(p => p.ModifiedOn).SingleAsync());
        restamped.Should().BeBefore(stamp).And.BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_upload_from_a_site_whose_clock_runs_ahead_shows_the_refusal_plainly_and_changes_nothing()
    {
        await StampAheadAsync(_field, TimeSpan.FromDays(800));
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(file, "ahead.csv", await client.TokenAsync());

        status.Should().Be(HttpStatusCode.BadRequest);
        page.Should().Contain("2 years 70 days ahead of this instance").And.Contain("(pr_person line")
            .And.Contain("then export again. Nothing was changed.");
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    /// <summary>Stamps the site's one person ahead of the wall clock, as a clock running ahead would.</summary>
    private static async Task<DateTime> StampAheadAsync(SyncSite site, TimeSpan ahead)
    {
        // An hour more, so the words do not depend on how long the test takes.
        var stamp = DateTime.UtcNow.Add(ahead).AddHours(1);
        stamp = new DateTime(stamp.Ticks - (stamp.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await site.WithContextAsync(db => db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.ModifiedOn, stamp)));
        return stamp;
    }
}
