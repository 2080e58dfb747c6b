using System.Security.Cryptography;

namespace Sahana.Sync.Signing;

/// <summary>This instance's key pair, loaded once: it signs exports, and its public half is published.</summary>
internal sealed class InstanceKey : IDisposable
{
    private readonly ECDsa _key;

    internal InstanceKey(ECDsa key)
    {
        _key = key;
        PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        Fingerprint = KeyFingerprint.Of(PublicKey);
    }

    /// <summary>Gets the public key as the file's signature line and <c>…/instance</c> carry it: Base64 of its SubjectPublicKeyInfo.</summary>
    internal string PublicKey { get; }

    internal string Fingerprint { get; }

    internal static ECDsa ImportPem(string pem, string from)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException($"{from} holds no ECDSA private key in PEM: {e.Message}", nameof(pem), e);
        }

        return RequireP256(key, from);
    }

    internal static ECDsa RequireP256(ECDsa key, string from)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new ArgumentException($"{from} holds a key on another curve than P-256 (nistP256), which sync signatures use.");
        }

        return key;
    }

    /// <summary>Signs a SHA-256 hash: 64 bytes, r then s (IEEE P1363).</summary>
    internal byte[] SignHash(byte[] hash) => _key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
