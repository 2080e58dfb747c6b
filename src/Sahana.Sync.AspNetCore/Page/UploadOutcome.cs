namespace Sahana.Sync.AspNetCore.Page;

/// <summary>What became of an upload: a merge report, or why nothing was changed.</summary>
/// <param name="StatusCode">The response status: 200, or 400 / 413 when the file was refused.</param>
/// <param name="FileName">The file's name as the browser sent it, or <see langword="null"/>.</param>
/// <param name="Report">What the import changed, when it succeeded.</param>
/// <param name="Problem">Why the file was refused, when it was.</param>
/// <param name="Where">Where in the file the problem is, for a malformed file.</param>
internal sealed record UploadOutcome(int StatusCode, string? FileName, MergeReport? Report, string? Problem, SyncFormatException? Where = null)
{
    internal static UploadOutcome Imported(string? fileName, MergeReport report) => new(200, fileName, report, null);

    internal static UploadOutcome Refused(int statusCode, string? fileName, string problem, SyncFormatException? where = null)
        => new(statusCode, fileName, null, problem, where);
}
