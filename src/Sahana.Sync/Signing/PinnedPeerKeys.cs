namespace Sahana.Sync.Signing;

/// <summary>The keys this instance holds for others: pinned by the host, or kept from a peer's first signed file.</summary>
internal static class PinnedPeerKeys
{
    internal static bool IsValid(string? key)
    {
        try
        {
            _ = KeyFingerprint.Normalize(key ?? string.Empty, "SahanaSyncOptions.PeerKeys");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The key pinned for an instance, in Base64 form, or null.</summary>
    internal static string? Pinned(SahanaSyncOptions options, string instanceId)
        => options.PeerKeys.TryGetValue(instanceId, out var key)
            ? KeyFingerprint.Normalize(key, $"SahanaSyncOptions.PeerKeys['{instanceId}']")
            : null;
}
