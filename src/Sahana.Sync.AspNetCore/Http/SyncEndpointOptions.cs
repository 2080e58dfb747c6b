namespace Sahana.Sync.AspNetCore;

/// <summary>How the endpoints of <c>MapSahanaSync</c> take uploads.</summary>
public sealed class SyncEndpointOptions
{
    /// <summary>The default of <see cref="MaxImportSize"/>: 256 MiB.</summary>
    public const long DefaultMaxImportSize = 256L * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest sync file <c>POST …/import</c> accepts, in bytes. A larger body is refused with
    /// 413 before anything is written, whether it announces its length or not. Defaults to 256 MiB;
    /// <see langword="null"/> leaves the server's own limit (Kestrel's 30 MB unless the host changed it).
    /// </summary>
    public long? MaxImportSize { get; set; } = DefaultMaxImportSize;
}
