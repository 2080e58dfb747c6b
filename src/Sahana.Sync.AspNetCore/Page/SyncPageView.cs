using System.Globalization;
using Sahana.Sync.Signing;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>Renders the sync page: the outcome of an upload first, then this instance, the two forms, peers, history and the plan.</summary>
internal static class SyncPageView
{
    /// <summary>The download form's box for a compressed file (<c>gzip=yes</c>).</summary>
    internal const string GzipField = "gzip";

    internal static string Render(SyncPageModel model)
    {
        var html = new Html();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<title>").Text(Title(model)).Raw(" · Sahana.Sync</title>\n")
            .Raw("<style>").Raw(PageStyle.Css).Raw("</style>\n</head>\n<body>\n")
            .Raw("<header><div class=\"wrap\"><p class=\"brand\">Sahana.Sync</p><h1>").Text(Title(model)).Raw("</h1></div></header>\n")
            .Raw("<main class=\"wrap\">\n");

        if (model.Outcome is { } outcome)
        {
            MergeReportView.Render(html, outcome);
        }

        ClockWarningView.Render(html, model);
        ConflictLogView.Render(html, model);
        RenderInstance(html, model);
        html.Raw("<div class=\"cards\">\n");
        RenderDownload(html, model);
        RenderUpload(html, model);
        html.Raw("</div>\n");
        RenderPeers(html, model.Peers);
        RenderHistory(html, model.History, model.Peers);
        FailedImportsView.Render(html, model.Failures);
        RenderPlan(html, model.Plan);
        html.Raw("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Title(SyncPageModel model)
        => model.Instance.Owner is { Length: > 0 } owner ? $"Sync: {owner}" : $"Sync: instance {model.Instance.InstanceId}";

    private static void RenderInstance(Html html, SyncPageModel model)
    {
        var self = model.Instance;
        html.Raw("<section aria-labelledby=\"instance\">\n<h2 id=\"instance\">This instance</h2>\n<dl class=\"facts\">\n")
            .Raw("<div><dt>Instance id</dt><dd id=\"instance-id\"><code>").Text(self.InstanceId).Raw("</code></dd></div>\n");
        Fact(html, "Owner", self.Owner);
        Fact(html, "Contact", self.Contact);
        Fact(html, "Url", self.Url);
        html.Raw("<div><dt>Signing key</dt><dd id=\"instance-key\">");
        if (model.KeyFingerprint is { } fingerprint)
        {
            html.Raw("<code>").Text(fingerprint).Raw("</code>");
        }
        else
        {
            html.Raw("<span class=\"none\">none: files from here are not signed</span>");
        }

        html.Raw("</dd></div>\n</dl>\n</section>\n");
    }

    private static void Fact(Html html, string name, string? value)
    {
        html.Raw("<div><dt>").Raw(name).Raw("</dt><dd>");
        if (string.IsNullOrEmpty(value))
        {
            html.Raw("<span class=\"none\">not set</span>");
        }
        else
        {
            html.Text(value);
        }

        html.Raw("</dd></div>\n");
    }

    private static void RenderDownload(Html html, SyncPageModel model)
    {
        html.Raw("<section class=\"card\" aria-labelledby=\"download\">\n<h2 id=\"download\">Download sync file</h2>\n")
            .Raw("<p>Save this instance's data as one file, to carry to another site and upload there.</p>\n")
            .Raw("<form method=\"get\" action=\"").Text(model.PagePath + "/download").Raw("\">\n")
            .Raw("<label for=\"since\">What to include</label>\n<select id=\"since\" name=\"since\">\n")
            .Raw("<option value=\"\">Everything (a full file)</option>\n");
        foreach (var peer in model.Peers)
        {
            html.Raw("<option value=\"").Text(peer.BaseUuid).Raw("\">Changes since the last sync with ")
                .Text(PeerName(peer)).Raw(" (").Time(peer.LastUpdate).Raw(")</option>\n");
        }

        html.Raw("</select>\n<p class=\"hint\">A full file is always safe. Changes only are smaller, for a site that already has the rest.</p>\n")
            .Raw("<label><input type=\"checkbox\" id=\"gzip\" name=\"").Raw(GzipField).Raw("\" value=\"yes\"> ")
            .Raw("Compressed (.csv.gz)</label>\n<p class=\"hint\">About a third of the size, for a slow link; ")
            .Raw("the upload here takes it as it is.</p>\n")
            .Raw("<button type=\"submit\" id=\"download-button\">Download sync file</button>\n</form>\n</section>\n");
    }

    private static void RenderUpload(Html html, SyncPageModel model)
    {
        // The token and the expected sender go before the file: the form's fields arrive in this order, so
        // the server has both before reading a byte of the file.
        html.Raw("<section class=\"card\" aria-labelledby=\"upload\">\n<h2 id=\"upload\">Upload sync file</h2>\n")
            .Raw("<p>Merge a file from another site into this one. The newest version of every record is kept.</p>\n")
            .Raw("<form method=\"post\" action=\"").Text(model.PagePath.Length == 0 ? "/" : model.PagePath).Raw("\" enctype=\"multipart/form-data\">\n")
            .Raw("<input type=\"hidden\" name=\"").Text(model.AntiforgeryFieldName).Raw("\" value=\"").Text(model.AntiforgeryToken).Raw("\">\n")
            .Raw("<label for=\"expected-sender\">Expected sender (optional)</label>\n")
            .Raw("<input type=\"text\" id=\"expected-sender\" name=\"expected-sender\" maxlength=\"4\" pattern=\"[a-z0-9]{1,4}\"")
            .Raw(" autocomplete=\"off\" aria-describedby=\"expected-sender-hint\">\n")
            .Raw("<p class=\"hint\" id=\"expected-sender-hint\">The instance id of the site that gave you the file. ")
            .Raw("A file from any other site is then refused, and nothing is changed.</p>\n")
            .Raw("<label for=\"file\">Sync file (.csv or .csv.gz)</label>\n")
            .Raw("<input type=\"file\" id=\"file\" name=\"file\"")
            .Raw(" accept=\".csv,.gz,text/csv,application/gzip\" required")
            .Raw(" aria-describedby=\"file-hint\">\n")
            .Raw("<p class=\"hint\" id=\"file-hint\">At most ").Text(DescribeSize(model.MaxUploadBytes))
            .Raw(". If anything in the file is wrong, nothing is changed.</p>\n")
            .Raw("<button type=\"submit\" id=\"upload-button\">Upload sync file</button>\n</form>\n</section>\n");
    }

    private static void RenderPeers(Html html, IReadOnlyList<SyncInstance> peers)
    {
        html.Raw("<section aria-labelledby=\"peers\">\n<h2 id=\"peers\">Peers</h2>\n");
        if (peers.Count == 0)
        {
            html.Raw("<p class=\"none\">No other instance has sent a file here yet.</p>\n</section>\n");
            return;
        }

        html.Raw("<div class=\"scroll\"><table id=\"peer-table\">\n<caption>Instances this one has imported from, the most recent first</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Instance</th><th scope=\"col\">Owner</th><th scope=\"col\">Contact</th><th scope=\"col\">Url</th>")
            .Raw("<th scope=\"col\">Last update</th><th scope=\"col\" class=\"n\">Syncs</th><th scope=\"col\">Key</th></tr></thead>\n<tbody>\n");
        foreach (var peer in peers)
        {
            html.Raw("<tr><th scope=\"row\"><code>").Text(peer.BaseUuid).Raw("</code></th>")
                .Element("td", peer.Owner).Element("td", peer.Contact).Element("td", peer.Url)
                .Raw("<td class=\"t\">").Time(peer.LastUpdate).Raw("</td>").NumberCell(peer.SyncCount)
                .Element("td", peer.PublicKey is null ? "none known" : KeyFingerprint.Of(peer.PublicKey)).Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n</section>\n");
    }

    private static void RenderHistory(Html html, IReadOnlyList<SyncImportRecord> history, IReadOnlyList<SyncInstance> peers)
    {
        html.Raw("<section aria-labelledby=\"history\">\n<h2 id=\"history\">Recent imports</h2>\n");
        if (history.Count == 0)
        {
            html.Raw("<p class=\"none\">No file has been imported here yet.</p>\n</section>\n");
            return;
        }

        html.Raw("<div class=\"scroll\"><table id=\"history-table\">\n<caption>The latest imports, newest first. A rejected file changes nothing and is not listed.</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Finished</th><th scope=\"col\">File</th><th scope=\"col\">From</th><th scope=\"col\">Signed with</th>")
            .Raw("<th scope=\"col\" class=\"n\">Added</th><th scope=\"col\" class=\"n\">Updated</th><th scope=\"col\" class=\"n\">Already up to date</th>")
            .Raw("<th scope=\"col\" class=\"n\">Conflicts</th><th scope=\"col\" class=\"n\">Deleted</th></tr></thead>\n<tbody>\n");
        foreach (var import in history)
        {
            var sender = import.Sender is null ? null : peers.FirstOrDefault(p => string.Equals(p.BaseUuid, import.Sender, StringComparison.Ordinal));
            html.Raw("<tr class=\"import\"><td class=\"t\">").Time(import.FinishedAt).Raw("</td>").Element("td", import.Source)
                .Element("td", import.Restore ? "a backup (restore)" : sender is not null ? PeerName(sender) : import.Sender)
                .Element("td", import.SenderFingerprint ?? "not signed")
                .NumberCell(import.Inserted).NumberCell(import.Updated).NumberCell(import.Unchanged)
                .NumberCell(import.Conflicts).NumberCell(import.Tombstones)
                .Raw("</tr>\n<tr class=\"report\"><td colspan=\"9\"><details><summary>Full report of this import</summary><pre>")
                .Text(import.Summary).Raw("</pre></details></td></tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n</section>\n");
    }

    private static void RenderPlan(Html html, SyncPlan plan)
    {
        html.Raw("<section aria-labelledby=\"plan\">\n<h2 id=\"plan\">What travels</h2>\n")
            .Raw("<div class=\"scroll\"><table id=\"plan-table\">\n<caption>Every table of this database, and whether a sync file carries it</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Table</th><th scope=\"col\">In sync files</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        foreach (var table in plan.Tables)
        {
            var travels = table.Verdict == SyncTableVerdict.Synced;
            html.Raw("<tr><th scope=\"row\"><code>").Text(table.Table).Raw("</code></th><td>")
                .Raw(travels ? "<span class=\"badge ok\">travels</span>" : "<span class=\"badge\">stays here</span>")
                .Raw("</td>").Element("td", table.Reason).Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n</section>\n");
    }

    internal static bool IsInstanceId(string text)
        => text.Length is >= 1 and <= 4 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    internal static string PeerName(SyncInstance peer)
        => string.IsNullOrEmpty(peer.Owner) ? peer.BaseUuid : $"{peer.Owner} ({peer.BaseUuid})";

    internal static string DescribeSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
