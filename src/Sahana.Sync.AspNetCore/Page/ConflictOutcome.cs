namespace Sahana.Sync.AspNetCore.Page;

/// <summary>What a request to reinstate or dismiss a lost edit did.</summary>
/// <param name="StatusCode">The page's status code.</param>
/// <param name="Done">Whether the entry was resolved.</param>
/// <param name="Title">The heading.</param>
/// <param name="Message">What happened, for the people at the site.</param>
internal sealed record ConflictOutcome(int StatusCode, bool Done, string Title, string Message);
