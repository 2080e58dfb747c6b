namespace Sahana.Sync.AspNetCore;

/// <summary>How the sync page of <c>MapSahanaSyncPage</c> behaves. Configured in <c>services.AddSahanaSyncPage(…)</c>.</summary>
public sealed class SyncPageOptions
{
    /// <summary>
    /// Gets or sets the largest sync file the page accepts, in bytes. Defaults to 256 MiB. A larger upload is
    /// refused with status 413 and a message saying the limit, before anything is written.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Gets or sets how many of the latest imports the page lists. Defaults to 10.</summary>
    public int RecentImports { get; set; } = 10;
}
