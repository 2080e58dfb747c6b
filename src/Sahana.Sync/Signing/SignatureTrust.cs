using Sahana.Sync.Import;
using Sahana.Sync.Model;

namespace Sahana.Sync.Signing;

/// <summary>
/// Weighs a file's signature, or its absence, against the keys this instance knows, in the import's transaction and
/// before anything is written: a key pinned in the options, this instance's own, or the one kept in the sender's
/// <c>sync_instance</c> row from its first signed file.
/// </summary>
internal static class SignatureTrust
{
    /// <summary>Checks the file; returns the key to keep for its signer (trust on first use), or null.</summary>
    /// <exception cref="SyncSignatureException">The signature does not prove the sender the file names.</exception>
    internal static async Task<string?> CheckAsync(
        ImportSession session, string? senderId, SahanaSyncOptions options, InstanceKey? own, CancellationToken cancellationToken)
    {
        var named = session.File.Sender?.BaseUuid ?? senderId;
        var signature = session.Signature;
        if (signature is not null && named is not null && !string.Equals(named, signature.Signer, StringComparison.Ordinal))
        {
            throw new SyncSignatureException(
                $"The file names instance '{named}' as its sender, but is signed by instance '{signature.Signer}' (key "
                    + $"{signature.Fingerprint}). Nothing was changed.",
                named,
                null,
                signature.Fingerprint);
        }

        var id = signature?.Signer ?? named;
        var (known, where) = id is null ? (null, null) : await KnownKeyAsync(session, id, options, own, cancellationToken)
            .ConfigureAwait(false);
        var knownPrint = known is null ? null : KeyFingerprint.Of(known);
        if (signature is null)
        {
            if (options.RequireSignature == SyncSignaturePolicy.Always)
            {
                throw new SyncSignatureException(
                    $"The file{(id is null ? null : $" from '{id}'")} is not signed, and this instance takes only signed "
                        + "files (SahanaSyncOptions.RequireSignature is Always). Nothing was changed.",
                    id,
                    knownPrint,
                    null);
            }

            if (options.RequireSignature == SyncSignaturePolicy.KnownPeers && known is not null)
            {
                throw new SyncSignatureException(
                    $"The file names instance '{id}' but is not signed, while this instance knows '{id}' by key "
                        + $"{knownPrint} ({where}): the file was cut after END, or '{id}' did not make it. "
                        + "Nothing was changed.",
                    id,
                    knownPrint,
                    null);
            }

            return null;
        }

        session.SenderFingerprint = signature.Fingerprint;
        if (known is not null && !string.Equals(known, signature.PublicKey, StringComparison.Ordinal))
        {
            throw new SyncSignatureException(
                $"The file is signed by instance '{id}' with key {signature.Fingerprint}, but this instance knows '{id}' "
                    + $"by key {knownPrint} ({where}). Refused: if '{id}' really has a new key, compare its fingerprint "
                    + "with its operator, then pin it in SahanaSyncOptions.PeerKeys or clear sync_instance.public_key. "
                    + "Nothing was changed.",
                id,
                knownPrint,
                signature.Fingerprint);
        }

        if (known is null && !options.TrustOnFirstUse)
        {
            throw new SyncSignatureException(
                $"The file is signed by instance '{id}' with key {signature.Fingerprint}, which this instance does not "
                    + "know, and SahanaSyncOptions.TrustOnFirstUse is off: pin the key in SahanaSyncOptions.PeerKeys. "
                    + "Nothing was changed.",
                id,
                null,
                signature.Fingerprint);
        }

        return known is null ? signature.PublicKey : null;
    }

    private static async Task<(string? Key, string? Where)> KnownKeyAsync(
        ImportSession session, string id, SahanaSyncOptions options, InstanceKey? own, CancellationToken cancellationToken)
    {
        if (PinnedPeerKeys.Pinned(options, id) is { } pinned)
        {
            return (pinned, "pinned in SahanaSyncOptions.PeerKeys");
        }

        if (string.Equals(id, options.InstanceId, StringComparison.Ordinal))
        {
            return (own?.PublicKey, "its own key");
        }

        var mapping = session.Plan.Find(SyncInstanceConfiguration.TableName)!.Mapping;
        var row = await session.Store(mapping).FindAsync(id, cancellationToken).ConfigureAwait(false);
        return (row?[mapping.IndexOf(SyncInstanceConfiguration.PublicKeyColumn)] as string,
            "kept in sync_instance.public_key");
    }
}
