using System.Globalization;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// The page's list of failed imports (<see cref="SyncImportFailure"/>): what was refused, when, from whom, and where
/// in the file. Only shown when there are any: a failure changed nothing, but its sender has something to fix.
/// </summary>
internal static class FailedImportsView
{
    internal static void Render(Html html, IReadOnlyList<SyncImportFailure>? failures)
    {
        if (failures is not { Count: > 0 })
        {
            return;
        }

        html.Raw("<section aria-labelledby=\"failures\">\n<h2 id=\"failures\">Failed imports</h2>\n")
            .Raw("<div class=\"scroll\"><table id=\"failure-table\">\n")
            .Raw("<caption>The latest imports that failed, newest first. Each changed nothing here.</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Failed</th><th scope=\"col\">File</th><th scope=\"col\">From</th>")
            .Raw("<th scope=\"col\">Table</th><th scope=\"col\" class=\"n\">Line</th><th scope=\"col\">Column</th>")
            .Raw("<th scope=\"col\">Error</th></tr></thead>\n<tbody>\n");
        foreach (var failure in failures)
        {
            html.Raw("<tr class=\"failure\"><td class=\"t\">").Time(failure.FailedAt).Raw("</td>")
                .Element("td", failure.Source).Element("td", failure.Sender).Element("td", failure.Table)
                .Raw("<td class=\"n\">").Text(failure.Line?.ToString("N0", CultureInfo.InvariantCulture)).Raw("</td>")
                .Element("td", failure.Column)
                .Raw("<td><code>").Text(failure.Error).Raw("</code> ").Text(failure.Message).Raw("</td></tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n</section>\n");
    }
}
