namespace Sahana.Sync.Signing;

/// <summary>A signature found after a file's <c>END</c> and checked against its bytes: who signed it, with which key.</summary>
/// <param name="Signer">The instance id the signature line names.</param>
/// <param name="PublicKey">The key it was made with, Base64 SubjectPublicKeyInfo.</param>
internal sealed record FileSignature(string Signer, string PublicKey)
{
    internal string Fingerprint { get; } = KeyFingerprint.Of(PublicKey);
}
