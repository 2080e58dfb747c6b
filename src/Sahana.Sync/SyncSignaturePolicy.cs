namespace Sahana.Sync;

/// <summary>What an import does with a file that carries no signature (<see cref="SahanaSyncOptions.RequireSignature"/>).</summary>
/// <remarks>A signed file is checked under every policy: a signature that does not match is always refused.</remarks>
public enum SyncSignaturePolicy
{
    /// <summary>An unsigned file is accepted from any sender.</summary>
    Off,

    /// <summary>
    /// An unsigned file is refused when this instance knows a key for the sender it names (a key pinned in
    /// <see cref="SahanaSyncOptions.PeerKeys"/>, or one kept from an earlier signed file), and accepted otherwise,
    /// such as a plain web2py export.
    /// </summary>
    KnownPeers,

    /// <summary>Every file must be signed.</summary>
    Always,
}
