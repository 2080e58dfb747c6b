namespace Sahana.Sync.AspNetCore.Page;

/// <summary>What became of a request to re-stamp the rows ahead of this machine's clock.</summary>
/// <param name="StatusCode">The response status: 200, or 400 when nothing was done.</param>
/// <param name="Repaired">Whether the rows were re-stamped.</param>
/// <param name="Message">What happened, in words for the people at the site.</param>
internal sealed record ClockRepairOutcome(int StatusCode, bool Repaired, string Message);
