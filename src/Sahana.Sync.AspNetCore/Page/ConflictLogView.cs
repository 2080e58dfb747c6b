using System.Text.Json;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// Renders the open entries of the conflict log, a page at a time: for each, what differs between the version kept and
/// the one that lost, with forms to reinstate or dismiss it; and what the last such request did.
/// </summary>
internal static class ConflictLogView
{
    /// <summary>How many entries a page shows.</summary>
    internal const int PageSize = 20;

    /// <summary>The query parameter of the page of entries shown (0 for the newest).</summary>
    internal const string PageField = "conflicts";

    /// <summary>The form fields of a resolution: the entry, and what to do with it.</summary>
    internal const string IdField = "conflict";

    internal const string ActionField = "do";

    internal static void Render(Html html, SyncPageModel model)
    {
        if (model.ConflictOutcome is { } outcome)
        {
            html.Raw("<section class=\"outcome ").Raw(outcome.Done ? "ok" : "bad")
                .Raw("\" role=\"status\" aria-labelledby=\"conflict-outcome\" id=\"conflict-outcome-section\">\n")
                .Raw("<h2 id=\"conflict-outcome\">").Text(outcome.Title).Raw("</h2>\n<p id=\"conflict-outcome-text\">")
                .Text(outcome.Message).Raw("</p>\n</section>\n");
        }

        if (model.Conflicts is not { Open: > 0 } log)
        {
            return;
        }

        html.Raw("<section aria-labelledby=\"conflicts\" id=\"conflicts-section\">\n<h2 id=\"conflicts\">Conflicts: lost edits</h2>\n")
            .Raw("<p id=\"conflicts-summary\">").Number(log.Open).Raw(log.Open == 1 ? " edit" : " edits")
            .Raw(" lost a conflict: both sites changed the record, and the other change was kept. Reinstate an edit to make ")
            .Raw("it this site's newest version (it then travels to every site), or dismiss it to keep the other.</p>\n")
            .Raw("<div class=\"scroll\"><table id=\"lost-table\">\n<caption>Lost edits, newest first</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Table</th><th scope=\"col\">Record</th><th scope=\"col\">Lost</th>")
            .Raw("<th scope=\"col\">What differs</th><th scope=\"col\">Decide</th></tr></thead>\n<tbody>\n");
        foreach (var entry in log.Entries)
        {
            html.Raw("<tr><td><code>").Text(entry.Table).Raw("</code></td><td><code class=\"uuid\">").Text(entry.Uuid)
                .Raw("</code></td><td>").Raw(entry.Winner == SyncConflictWinner.Remote ? "this site's edit of " : "an edit from ")
                .Raw(entry.Winner == SyncConflictWinner.Remote || entry.Sender is null ? string.Empty : entry.Sender + " of ")
                .Time(entry.LoserModifiedOn).Raw(entry.LoserDeleted ? " <em>(a deletion)</em>" : string.Empty).Raw("</td>");
            RenderDifferences(html, entry);
            html.Raw("<td class=\"decide\">");
            Form(html, model, entry.Id, "reinstate", "Reinstate");
            Form(html, model, entry.Id, "dismiss", "Dismiss");
            html.Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n");
        var shown = (log.Page * PageSize) + log.Entries.Count;
        if (log.Page > 0 || shown < log.Open)
        {
            html.Raw("<p id=\"conflict-pages\">");
            if (log.Page > 0)
            {
                html.Raw("<a id=\"newer-conflicts\" href=\"").Text($"{model.PagePath}/?{PageField}={log.Page - 1}").Raw("\">Newer</a> ");
            }

            if (shown < log.Open)
            {
                html.Raw("<a id=\"older-conflicts\" href=\"").Text($"{model.PagePath}/?{PageField}={log.Page + 1}").Raw("\">Older</a>");
            }

            html.Raw("</p>\n");
        }

        html.Raw("</section>\n");
    }

    private static void Form(Html html, SyncPageModel model, Guid id, string action, string label)
        => html.Raw("<form method=\"post\" action=\"").Text(model.PagePath + "/conflicts").Raw("\">")
            .Raw("<input type=\"hidden\" name=\"").Text(model.AntiforgeryFieldName).Raw("\" value=\"").Text(model.AntiforgeryToken).Raw("\">")
            .Raw("<input type=\"hidden\" name=\"").Raw(IdField).Raw("\" value=\"").Text(id.ToString("D")).Raw("\">")
            .Raw("<button type=\"submit\" name=\"").Raw(ActionField).Raw("\" value=\"").Raw(action).Raw("\" class=\"").Raw(action)
            .Raw("\">").Raw(label).Raw("</button></form>");

    private static void RenderDifferences(Html html, SyncConflictRecord entry)
    {
        var lost = Values(entry.LoserValues);
        var kept = Values(entry.WinnerValues);
        html.Raw("<td><ul class=\"diff\">");
        foreach (var (column, value) in lost)
        {
            kept.TryGetValue(column, out var other);
            if (column is "modified_on" || string.Equals(value, other, StringComparison.Ordinal))
            {
                continue;
            }

            html.Raw("<li><code>").Text(column).Raw("</code>: ").Text(value ?? "(empty)").Raw(" lost, ")
                .Text(other ?? "(empty)").Raw(" kept</li>");
        }

        html.Raw("</ul></td>");
    }

    private static Dictionary<string, string?> Values(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
