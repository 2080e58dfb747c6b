using System.Security.Claims;

namespace Sahana.Sync.AspNetCore;

/// <summary>How the endpoints of <c>MapSahanaSync</c> take uploads, and whom they take them from.</summary>
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

    /// <summary>
    /// Gets or sets what maps an authenticated caller to the instance ids (<c>base_uuid</c>) it may speak for.
    /// Defaults to the values of the caller's <see cref="SyncClaimTypes.Instance"/> claims.
    /// </summary>
    /// <remarks>
    /// <c>POST …/import</c> refuses with 403 a file whose <c>sync_instance</c> row names any other instance,
    /// before anything is written. A file that names no sender (a plain web2py dump) is recorded under the
    /// caller's id when it has exactly one, else under none. <c>GET …/instance?peer=</c> answers how far it
    /// has imported only for the caller's own ids (403 otherwise). A caller with no ids may still pull
    /// (<c>GET …/export</c>) and push plain dumps, but not push a file that names a sender.
    /// </remarks>
    public Func<ClaimsPrincipal, IReadOnlyCollection<string>> SenderIdsOf { get; set; } = DefaultSenderIdsOf;

    private static string[] DefaultSenderIdsOf(ClaimsPrincipal caller)
        => [.. caller.FindAll(SyncClaimTypes.Instance).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
}
