namespace Sahana.Sync.AspNetCore;

/// <summary>
/// What <c>GET …/instance</c> answers: who this instance is and, for a caller that names itself, how far this
/// instance has imported from it. <see cref="SyncClient"/> reads it before every pull and push.
/// </summary>
/// <param name="BaseUuid">This instance's id (<c>base_uuid</c>).</param>
/// <param name="Owner">The name of this instance's owner.</param>
/// <param name="Contact">The contact details of this instance's owner.</param>
/// <param name="Url">This instance's url as its own options give it.</param>
/// <param name="CallerLastUpdate">
/// The <c>last_update</c> this instance holds for the caller named in <c>?peer=</c>: the export timestamp, on
/// the caller's clock, of the last file it imported from the caller. A push sends the rows changed since then.
/// <see langword="null"/> when no caller was named or nothing was imported from it yet.
/// </param>
public sealed record SyncInstanceIdentity(string BaseUuid, string? Owner, string? Contact, string? Url, DateTime? CallerLastUpdate)
{
    /// <summary>
    /// Gets this instance's public key (ECDSA P-256, Base64 of its SubjectPublicKeyInfo), which signs every file it
    /// exports; <see langword="null"/> when it signs nothing. A peer may pin it in <see cref="SahanaSyncOptions.PeerKeys"/>.
    /// </summary>
    public string? PublicKey { get; init; }
}
