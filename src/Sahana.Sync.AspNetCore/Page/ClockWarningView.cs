namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// Renders the warning about rows stamped ahead of this machine's clock, with the confirmed form that
/// re-stamps them, and what the last such request did.
/// </summary>
internal static class ClockWarningView
{
    /// <summary>The form field that confirms the clock is now correct; the form refuses to post without it.</summary>
    internal const string ConfirmField = "clockCorrect";

    internal static void Render(Html html, SyncPageModel model)
    {
        if (model.ClockOutcome is { } outcome)
        {
            html.Raw("<section class=\"outcome ").Raw(outcome.Repaired ? "ok" : "bad")
                .Raw("\" role=\"status\" aria-labelledby=\"clock-outcome\" id=\"clock-outcome-section\">\n")
                .Raw("<h2 id=\"clock-outcome\">")
                .Raw(outcome.Repaired ? "Records re-stamped" : "Nothing was re-stamped")
                .Raw("</h2>\n<p id=\"clock-outcome-text\">").Text(outcome.Message).Raw("</p>\n</section>\n");
        }

        if (model.Clock is not { NeedsRepair: true } clock)
        {
            return;
        }

        var many = clock.FutureRows != 1;
        html.Raw("<section class=\"outcome bad\" aria-labelledby=\"clock-warning\" id=\"clock-warning-section\">\n")
            .Raw("<h2 id=\"clock-warning\">Records stamped ahead of this machine's clock</h2>\n")
            .Raw("<p id=\"clock-warning-text\">").Number(clock.FutureRows).Raw(many ? " records are" : " record is")
            .Raw(" stamped up to ").Text(Stamping.DurationText.Describe(clock.Ahead))
            .Raw(" ahead of this machine's clock (now ").Time(clock.WallClock)
            .Raw("). Other sites refuse files from here until they are re-stamped. This happens when the clock ")
            .Raw("here was wrong and has since been corrected.</p>\n")
            .Raw("<p>If this machine's clock is now correct, re-stamp them: they keep their order and get the ")
            .Raw("current time, and the next sync carries them. Do the same at any site that took files from here ")
            .Raw("while the clock was wrong.</p>\n")
            .Raw("<form method=\"post\" action=\"").Text(model.PagePath + "/clock").Raw("\">\n")
            .Raw("<input type=\"hidden\" name=\"").Text(model.AntiforgeryFieldName)
            .Raw("\" value=\"").Text(model.AntiforgeryToken).Raw("\">\n")
            .Raw("<p><label><input type=\"checkbox\" id=\"clock-correct\" name=\"").Raw(ConfirmField)
            .Raw("\" value=\"yes\" required> This machine's clock is now correct</label></p>\n")
            .Raw("<button type=\"submit\" id=\"clock-repair-button\">Re-stamp ").Number(clock.FutureRows)
            .Raw(many ? " records" : " record").Raw("</button>\n</form>\n</section>\n");
    }
}
