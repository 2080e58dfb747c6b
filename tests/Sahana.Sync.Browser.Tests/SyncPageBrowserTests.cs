using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Browser.Tests.Infrastructure;

namespace Sahana.Sync.Browser.Tests;

/// <summary>
/// The sync page as the people at a site use it, in a real browser against two real sites: a field site
/// (<c>fld</c>) with data and a head office (<c>hq</c>). Every step leaves a screenshot in
/// TestResults/screenshots under the test output.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the browser and the sites through IAsyncLifetime.DisposeAsync.")]
public sealed class SyncPageBrowserTests : IAsyncLifetime
{
    private const string Hostile = "<script>alert(1)</script>";

    private SyncSite _field = null!;
    private SyncSite _office = null!;
    private ChromiumBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        if (!ChromiumBrowser.IsInstalled)
        {
            // Each test then reports itself skipped, saying why (SkipWithoutChromium).
            return;
        }

        _field = await SyncSite.StartAsync("fld", "Batticaloa field office");
        _office = await SyncSite.StartAsync("hq", "Colombo head office");
        await _field.WithContextAsync(async db =>
        {
            db.Sectors.Add(new Sector { Name = "Health" });
            var org = new Organisation { Name = "Eastern Relief Volunteers" };
            db.People.AddRange(
                new Person { Name = "Amara Perera", Organisation = org },
                new Person { Name = "Nimal Silva", Comments = "needs insulin", Organisation = org });
            db.AuditNotes.Add(new AuditNote { Text = "stays at the field office" });
            await db.SaveChangesAsync();
        });
        _browser = new ChromiumBrowser();
        _browser.SignIn(_field.PageUrl, "relief-worker");
    }

    /// <summary>
    /// The head office has the field site's file; then both sites edit Nimal Silva, the office last, with text that
    /// would be a script if the page let it through.
    /// </summary>
    private async Task BothSitesEditNimalAsync()
    {
        await _office.ImportAsync(await _field.ExportAsync());
        await _field.WithContextAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Name == "Nimal Silva")).Comments = "insulin delivered";
            await db.SaveChangesAsync();
        });
        await _office.WithContextAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Name == "Nimal Silva")).Comments = Hostile;
            await db.SaveChangesAsync();
        });
    }

    private static void SkipWithoutChromium()
        => Skip.IfNot(ChromiumBrowser.IsInstalled, "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run installs them).");

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_field is not null)
        {
            await _field.DisposeAsync();
        }

        if (_office is not null)
        {
            await _office.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_file_downloaded_at_one_site_and_uploaded_at_another_is_merged_and_the_page_says_what_happened()
    {
        SkipWithoutChromium();
        _browser.Open(_field.PageUrl);
        _browser.Find("#instance-id").Text.Should().Be("fld");
        _browser.Find("h1").Text.Should().Be("Sync: Batticaloa field office");
        var plan = _browser.Rows("plan-table");
        plan.Should().ContainSingle(r => r[0] == "pr_person").Which[1].Should().Be("travels");
        plan.Should().ContainSingle(r => r[0] == "org_sector").Which[1].Should().Be("stays here");
        plan.Should().ContainSingle(r => r[0] == "audit_note").Which.Should().HaveElementAt(1, "stays here").And.Subject.Last().Should().NotBeEmpty();
        _browser.FindAll("#peer-table").Should().BeEmpty("the field site has not imported anything yet");
        _browser.Screenshot("01-field-site");

        _browser.Find("#download-button").Click();
        var file = _browser.WaitForDownload(TimeSpan.FromSeconds(30));
        Path.GetFileName(file).Should().StartWith("sync-fld-").And.EndWith(".csv");
        (await File.ReadAllTextAsync(file)).Should().StartWith("TABLE sync_instance").And.Contain("Nimal Silva");

        _browser.Open(_office.PageUrl);
        var outcome = _browser.Upload(file);
        outcome.GetAttribute("role").Should().Be("status", outcome.Text);
        outcome.FindElement(OpenQA.Selenium.By.TagName("h2")).Text.Should().Be("Import finished");
        outcome.Text.Should().Contain(Path.GetFileName(file)).And.Contain("Batticaloa field office (fld)");
        _browser.Find("#outcome-summary").Text.Should().Be("3 added, 0 updated, 0 already up to date, 0 conflicts, 0 deleted.");
        _browser.Rows("report-table").Should().BeEquivalentTo(
            [
                new[] { "org_organisation", "1", "1", "0", "0", "0", "0", "0" },
                new[] { "pr_person", "2", "2", "0", "0", "0", "0", "0" },
            ],
            o => o.WithStrictOrdering());
        var peer = _browser.Rows("peer-table").Should().ContainSingle().Subject;
        peer[..4].Should().Equal("fld", "Batticaloa field office", "ops@fld.example.org", "https://fld.example.org");
        peer[5].Should().Be("1");
        peer[6].Should().StartWith("SHA256:", "the key of the field office's first signed file is kept and shown");
        var history = _browser.Rows("history-table").Should().HaveCount(2, "an import and its full report").And.Subject.First();
        history[1..3].Should().Equal(Path.GetFileName(file), "Batticaloa field office (fld)");
        history[3].Should().Be(peer[6], "the page shows the fingerprint of each import's sender");
        history[4..6].Should().Equal("3", "0");
        _browser.Find("#outcome-signature").Text.Should().Contain(peer[6]);
        _browser.Find("#history-table details summary").Click();
        _browser.Find("#history-table details pre").Text.Should().StartWith("Import from 'fld' (Batticaloa field office)");
        _browser.Screenshot("02-report-after-upload");

        (await _office.WithContextAsync(db => db.People.OrderBy(p => p.Name).Select(p => p.Name).ToListAsync()))
            .Should().Equal("Amara Perera", "Nimal Silva");
    }

    [SkippableFact]
    public async Task Changes_since_a_peers_last_sync_carry_an_edit_back_and_the_report_shows_the_conflict_its_winner_and_hostile_text_as_text()
    {
        SkipWithoutChromium();
        await BothSitesEditNimalAsync();

        _browser.Open(_office.PageUrl);
        _browser.FindAll("#since option").Select(o => o.Text).Should().HaveCount(2)
            .And.Contain(o => o.StartsWith("Changes since the last sync with Batticaloa field office (fld)", StringComparison.Ordinal));
        _browser.Find("#since option[value='fld']").Click();
        _browser.Find("#download-button").Click();
        var file = _browser.WaitForDownload(TimeSpan.FromSeconds(30));
        Path.GetFileName(file).Should().Contain("-since-fld");
        var text = await File.ReadAllTextAsync(file);
        text.Should().Contain(Hostile);

        _browser.Open(_field.PageUrl);
        _browser.Upload(file);

        // The delta also carries back the rows the office received from the field site after the field
        // site's export (a hub relays what it received); they change nothing here.
        _browser.Find("#outcome-summary").Text.Should().MatchRegex(@"^0 added, 1 updated, \d+ already up to date, 1 conflict, 0 deleted\.$");
        var conflict = _browser.Rows("conflict-table").Should().ContainSingle().Subject;
        conflict[0].Should().Be("pr_person");
        conflict[5].Should().Be("the file's version");
        conflict[6].Should().Be($"comments: insulin delivered here, {Hostile} in the file", "the stamps have columns of their own");
        _browser.FindAll("script").Should().BeEmpty("a value from the file is text, never markup");
        _browser.Driver.PageSource.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        _browser.Screenshot("03-conflict-report");

        (await _field.WithContextAsync(db => db.People.SingleAsync(p => p.Name == "Nimal Silva"))).Comments.Should().Be(Hostile);
    }

    [SkippableFact]
    public async Task A_lost_edit_is_listed_with_what_differs_and_reinstated_from_the_page()
    {
        SkipWithoutChromium();
        // The office's edit is the later, so the field site's "insulin delivered" loses.
        await BothSitesEditNimalAsync();
        await _field.ImportAsync(await _office.ExportAsync());

        _browser.Open(_field.PageUrl);
        _browser.Find("#conflicts-summary").Text.Should().StartWith("1 edit lost a conflict");
        var lost = _browser.Rows("lost-table").Should().ContainSingle().Subject;
        lost[0].Should().Be("pr_person");
        lost[2].Should().StartWith("this site's edit of ");
        lost[3].Should().Be($"comments: insulin delivered lost, {Hostile} kept", "only what differs is shown, as text");
        _browser.FindAll("script").Should().BeEmpty("a value from a file is text, never markup");
        _browser.Screenshot("05-lost-edits");

        _browser.ClickAndWaitFor("#lost-table button.reinstate", "#conflict-outcome").Text.Should().Be("Edit reinstated");
        _browser.FindAll("#conflicts-section").Should().BeEmpty("no lost edit is open any more");
        _browser.Screenshot("06-lost-edit-reinstated");
        (await _field.WithContextAsync(db => db.People.SingleAsync(p => p.Name == "Nimal Silva"))).Comments.Should().Be("insulin delivered");
    }

    [SkippableFact]
    public async Task A_damaged_file_is_rejected_with_its_table_line_and_column_and_nothing_is_changed()
    {
        SkipWithoutChromium();
        var lines = Encoding.UTF8.GetString(await _field.ExportAsync()).Split("\r\n");
        var row = Array.FindIndex(lines, l => l.Contains("Nimal Silva", StringComparison.Ordinal));
        lines[row] = "two" + lines[row][lines[row].IndexOf(',', StringComparison.Ordinal)..];

        // A name a browser can upload from Linux that would be an element if the page let it through.
        var damaged = Path.Combine(_browser.Downloads, "<img src=x onerror=alert(1)>.csv");
        await File.WriteAllTextAsync(damaged, string.Join("\r\n", lines));

        _browser.Open(_office.PageUrl);
        var outcome = _browser.Upload(damaged);
        outcome.GetAttribute("role").Should().Be("alert");
        outcome.FindElement(OpenQA.Selenium.By.TagName("h2")).Text.Should().Be("The file was rejected. Nothing was changed.");
        _browser.Find("#where-table").Text.Should().Be("pr_person");
        _browser.Find("#where-line").Text.Should().Be((row + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _browser.Find("#where-column").Text.Should().Be("id");
        _browser.Find("#outcome-problem").Text.Should().Contain("expected an integer").And.Contain("'two'");
        outcome.Text.Should().Contain("<img src=x onerror=alert(1)>.csv");
        _browser.FindAll("img").Should().BeEmpty("a file name is text, never markup");
        _browser.FindAll("#history-table").Should().BeEmpty("a rejected file changes nothing, the import history included");
        _browser.FindAll("#peer-table").Should().BeEmpty("a rejected file records no peer");
        _browser.Screenshot("04-damaged-file-rejected");

        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_failed_import_is_listed_on_the_page_with_its_table_line_and_column()
    {
        SkipWithoutChromium();
        var lines = Encoding.UTF8.GetString(await _field.ExportAsync()).Split("\r\n");
        var row = Array.FindIndex(lines, l => l.Contains("Amara Perera", StringComparison.Ordinal));
        lines[row] = "one" + lines[row][lines[row].IndexOf(',', StringComparison.Ordinal)..];
        var damaged = Path.Combine(_browser.Downloads, "from-batticaloa.csv");
        await File.WriteAllTextAsync(damaged, string.Join("\r\n", lines));

        _browser.Open(_office.PageUrl);
        _browser.FindAll("#failure-table").Should().BeEmpty("nothing failed yet");
        _browser.Upload(damaged);
        _browser.Open(_office.PageUrl);

        var failure = _browser.Find("#failure-table tbody tr.failure");
        var cells = failure.FindElements(OpenQA.Selenium.By.TagName("td")).Select(c => c.Text).ToList();
        cells[1].Should().Be("from-batticaloa.csv");
        cells[3].Should().Be("pr_person");
        cells[4].Should().Be((row + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        cells[5].Should().Be("id");
        cells[6].Should().StartWith("SyncFormatException").And.Contain("expected an integer").And.Contain("'one'");
        _browser.Screenshot("07-failed-import-listed");
        (await _office.WithContextAsync(db => db.Set<SyncImportFailure>().CountAsync())).Should().Be(1);
    }
}
