namespace Sahana.Sync;

/// <summary>
/// One instance this database has synced with, or this instance itself: the blueprint's
/// <c>sync_instance</c> table. An import upserts the sender's row; the next delta export to that peer
/// starts from its <see cref="LastUpdate"/>.
/// </summary>
public class SyncInstance
{
    /// <summary>Gets or sets the instance id (<c>base_uuid</c>): 1 to 4 characters of <c>[a-z0-9]</c>.</summary>
    public string BaseUuid { get; set; } = string.Empty;

    /// <summary>Gets or sets the name of the instance's owner (at most 100 characters).</summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets the contact details of the instance's owner.</summary>
    public string? Contact { get; set; }

    /// <summary>Gets or sets the instance's server url, if it has one (at most 100 characters).</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets the last time this database synced with the instance, in UTC and on the peer's own
    /// clock (the export timestamp its file carried), so that a delta asked of the peer never depends on
    /// the two clocks agreeing. It only moves forward: a file no newer than it (the same file again, or an
    /// older one) leaves the whole row as it is.
    /// </summary>
    public DateTime LastUpdate { get; set; }

    /// <summary>
    /// Gets or sets how many imports from the instance moved <see cref="LastUpdate"/> forward: a file
    /// imported again, or an older one, is not counted.
    /// </summary>
    public int SyncCount { get; set; }

    /// <summary>
    /// Gets or sets the instance's public key (ECDSA P-256, Base64 of its SubjectPublicKeyInfo, as its
    /// <c>…/instance</c> publishes it), kept from its first signed file (trust on first use), or
    /// <see langword="null"/> while none is known. A later file signed with another key is refused with
    /// <see cref="SyncSignatureException"/>; clear it to accept a peer's new key. Not one of the blueprint's
    /// columns, and never sent in a file.
    /// </summary>
    public string? PublicKey { get; set; }
}
