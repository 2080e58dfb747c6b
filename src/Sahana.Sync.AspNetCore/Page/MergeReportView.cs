using System.Globalization;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// Renders what became of an upload in words a relief worker reads: what was added and updated, per
/// table, the conflicts and who won them, what was not imported and why; or, for a refused file, where
/// the problem is and that nothing was changed. Every value from the file is encoded.
/// </summary>
internal static class MergeReportView
{
    // A report details up to ImportOptions.MaxReportedConflicts conflicts; the page shows the first ones of those.
    private const int ConflictsShown = 100;

    internal static void Render(Html html, UploadOutcome outcome)
    {
        if (outcome.Report is { } report)
        {
            RenderReport(html, outcome.FileName, report);
        }
        else
        {
            RenderRefusal(html, outcome);
        }
    }

    private static void RenderReport(Html html, string? fileName, MergeReport report)
    {
        if (report.MatchedNoSyncedTable)
        {
            RenderNoSyncedTable(html, fileName, report);
            return;
        }

        html.Raw("<section class=\"outcome ok\" role=\"status\" aria-labelledby=\"outcome\" id=\"outcome-section\">\n")
            .Raw("<h2 id=\"outcome\">Import finished</h2>\n<p class=\"lead\">");
        if (fileName is not null)
        {
            html.Raw("The file <strong class=\"file\">").Text(fileName).Raw("</strong>");
        }
        else
        {
            html.Raw("The file");
        }

        html.Raw(" from ").Raw(report.Sender is null ? "an unnamed instance" : "<strong>")
            .Text(report.Sender is null ? null : SyncPageView.PeerName(report.Sender)).Raw(report.Sender is null ? string.Empty : "</strong>")
            .Raw(" was merged into this instance.</p>\n<p id=\"outcome-signature\">")
            .Raw(report.SenderFingerprint is null ? "The file was not signed." : "The file was signed with key <code>")
            .Text(report.SenderFingerprint).Raw(report.SenderFingerprint is null ? string.Empty : "</code>, checked before anything was written.")
            .Raw("</p>\n<p id=\"outcome-summary\">");
        if (report.HasChanges || report.Tables.Sum(t => t.Tombstones) > 0)
        {
            html.Number(report.Tables.Sum(t => t.Inserted)).Raw(" added, ")
                .Number(report.Tables.Sum(t => t.Updated)).Raw(" updated, ")
                .Number(report.Tables.Sum(t => t.Unchanged)).Raw(" already up to date, ")
                .Number(report.ConflictCount).Raw(report.ConflictCount == 1 ? " conflict, " : " conflicts, ")
                .Number(report.Tables.Sum(t => t.Tombstones)).Raw(" deleted.");
        }
        else
        {
            html.Raw("Nothing changed: this instance already had everything in the file.");
        }

        html.Raw("</p>\n");
        RenderTables(html, report);
        RenderConflicts(html, report.Conflicts, report.UnreportedConflicts);
        RenderSkipped(html, report.Skipped, report.UnreportedSkipped);
        html.Raw("</section>\n");
    }

    /// <summary>
    /// A file that names no table synced here is most likely from another application: "Import finished" would
    /// hide that nothing arrived.
    /// </summary>
    private static void RenderNoSyncedTable(Html html, string? fileName, MergeReport report)
    {
        html.Raw("<section class=\"outcome bad\" role=\"alert\" aria-labelledby=\"outcome\" id=\"outcome-section\">\n")
            .Raw("<h2 id=\"outcome\">Nothing imported: no table in the file is synced here</h2>\n")
            .Raw("<p class=\"lead\" id=\"outcome-warning\">");
        if (fileName is not null)
        {
            html.Raw("The file <strong class=\"file\">").Text(fileName).Raw("</strong>");
        }
        else
        {
            html.Raw("The file");
        }

        html.Raw(" names none of the tables this instance syncs. Is it a sync file from another application? ")
            .Raw("Nothing was changed, and its sender was not recorded as a peer.</p>\n");
        RenderSkipped(html, report.Skipped, report.UnreportedSkipped);
        html.Raw("</section>\n");
    }

    private static void RenderTables(Html html, MergeReport report)
    {
        if (report.Tables.Count == 0)
        {
            return;
        }

        html.Raw("<div class=\"scroll\"><table id=\"report-table\">\n<caption>Records per table</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Table</th><th scope=\"col\" class=\"n\">In the file</th><th scope=\"col\" class=\"n\">Added</th>")
            .Raw("<th scope=\"col\" class=\"n\">Updated</th><th scope=\"col\" class=\"n\">Already up to date</th>")
            .Raw("<th scope=\"col\" class=\"n\">Older, skipped</th><th scope=\"col\" class=\"n\">Conflicts</th><th scope=\"col\" class=\"n\">Deleted</th></tr></thead>\n<tbody>\n");
        foreach (var table in report.Tables)
        {
            html.Raw("<tr><th scope=\"row\"><code>").Text(table.Table).Raw("</code></th>")
                .NumberCell(table.Rows).NumberCell(table.Inserted).NumberCell(table.Updated).NumberCell(table.Unchanged)
                .NumberCell(table.OlderSkipped).NumberCell(table.Conflicts).NumberCell(table.Tombstones).Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n");
    }

    private static void RenderConflicts(Html html, IReadOnlyList<SyncConflict> conflicts, long unreported)
    {
        if (conflicts.Count == 0 && unreported == 0)
        {
            return;
        }

        html.Raw("<h3>Conflicts</h3>\n<p>Both sites changed these records since they last synced. The version marked as kept is the one this instance now holds.</p>\n")
            .Raw("<div class=\"scroll\"><table id=\"conflict-table\">\n<caption>Conflicts and their winners</caption>\n<thead><tr>")
            .Raw("<th scope=\"col\">Table</th><th scope=\"col\">Record</th><th scope=\"col\" class=\"n\">Line</th>")
            .Raw("<th scope=\"col\">Changed here</th><th scope=\"col\">Changed in the file</th><th scope=\"col\">Kept</th><th scope=\"col\">What differs</th></tr></thead>\n<tbody>\n");
        foreach (var conflict in conflicts.Take(ConflictsShown))
        {
            html.Raw("<tr><td><code>").Text(conflict.Table).Raw("</code></td><td><code class=\"uuid\">").Text(conflict.Uuid).Raw("</code></td>")
                .NumberCell(conflict.Line)
                .Raw("<td>").Time(conflict.LocalModifiedOn).Raw(conflict.LocalDeleted ? " <em>(deleted)</em>" : string.Empty).Raw("</td>")
                .Raw("<td>").Time(conflict.RemoteModifiedOn).Raw(conflict.RemoteDeleted ? " <em>(deleted)</em>" : string.Empty).Raw("</td>")
                .Raw(conflict.Winner == SyncConflictWinner.Local
                    ? "<td><span class=\"badge\">this instance's version</span></td>"
                    : "<td><span class=\"badge ok\">the file's version</span></td>");
            RenderDifferences(html, conflict);
            html.Raw("</tr>\n");
        }

        html.Raw("</tbody>\n</table></div>\n");
        var more = Math.Max(conflicts.Count - ConflictsShown, 0) + unreported;
        if (more > 0)
        {
            html.Raw("<p id=\"more-conflicts\">…and ").Number(more).Raw(more == 1 ? " more conflict" : " more conflicts").Raw(", not shown here.</p>\n");
        }
    }

    private static void RenderDifferences(Html html, SyncConflict conflict)
    {
        html.Raw("<td><ul class=\"diff\">");
        foreach (var (column, remote) in conflict.RemoteValues)
        {
            conflict.LocalValues.TryGetValue(column, out var local);
            if (string.Equals(local, remote, StringComparison.Ordinal) || (IsStamp(local, conflict.LocalModifiedOn) && IsStamp(remote, conflict.RemoteModifiedOn)))
            {
                continue;
            }

            html.Raw("<li><code>").Text(column).Raw("</code>: ").Raw("<span class=\"was\">").Text(local ?? "(empty)").Raw("</span> here, ")
                .Raw("<span class=\"now\">").Text(remote ?? "(empty)").Raw("</span> in the file</li>");
        }

        html.Raw("</ul></td>");
    }

    /// <summary>Whether a column's text is the version's stamp: the table shows the stamps already.</summary>
    private static bool IsStamp(string? text, DateTime stamp)
        => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value) && value == stamp;

    private static void RenderSkipped(Html html, IReadOnlyList<SkippedSection> skipped, long unreported)
    {
        if (skipped.Count == 0 && unreported == 0)
        {
            return;
        }

        html.Raw("<h3>Not imported</h3>\n<p>These parts of the file were left out; nothing in them was written.</p>\n<ul id=\"skipped-list\">\n");
        foreach (var section in skipped)
        {
            html.Raw("<li><code>").Text(section.Column is null ? section.Table : $"{section.Table}.{section.Column}").Raw("</code>: ")
                .Text(section.Reason).Raw("</li>\n");
        }

        html.Raw("</ul>\n");
        if (unreported > 0)
        {
            html.Raw("<p id=\"more-skipped\">…and ").Number(unreported).Raw(" more, not shown here.</p>\n");
        }
    }

    private static void RenderRefusal(Html html, UploadOutcome outcome)
    {
        html.Raw("<section class=\"outcome bad\" role=\"alert\" aria-labelledby=\"outcome\" id=\"outcome-section\">\n")
            .Raw("<h2 id=\"outcome\">The file was rejected. Nothing was changed.</h2>\n");
        if (outcome.FileName is not null)
        {
            html.Raw("<p>File: <strong class=\"file\">").Text(outcome.FileName).Raw("</strong></p>\n");
        }

        html.Raw("<p class=\"problem\" id=\"outcome-problem\">").Text(outcome.Problem).Raw("</p>\n");
        if (outcome.Where is { } where && (where.Table is not null || where.Line is not null || where.Column is not null))
        {
            html.Raw("<dl class=\"facts where\">\n");
            Place(html, "Table", where.Table, "where-table");
            Place(html, "Line", where.Line?.ToString(CultureInfo.InvariantCulture), "where-line");
            Place(html, "Column", where.Column, "where-column");
            html.Raw("</dl>\n");
        }

        html.Raw("<p>This instance's data is exactly as it was before the upload. Ask the sending site for a new file, or fix this one, and upload it again.</p>\n</section>\n");
    }

    private static void Place(Html html, string name, string? value, string id)
    {
        if (value is not null)
        {
            html.Raw("<div><dt>").Raw(name).Raw("</dt><dd id=\"").Raw(id).Raw("\">").Text(value).Raw("</dd></div>\n");
        }
    }
}
