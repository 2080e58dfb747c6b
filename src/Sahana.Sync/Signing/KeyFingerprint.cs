using System.Security.Cryptography;

namespace Sahana.Sync.Signing;

/// <summary>
/// A key's fingerprint as operators compare it: <c>SHA256:</c> and the unpadded Base64 of the SHA-256 of its
/// SubjectPublicKeyInfo, the form OpenSSH shows.
/// </summary>
internal static class KeyFingerprint
{
    internal static string Of(string publicKey)
    {
        byte[] spki;
        try
        {
            spki = Convert.FromBase64String(publicKey);
        }
        catch (FormatException)
        {
            return "(not a key)";
        }

        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(spki)).TrimEnd('=');
    }

    /// <summary>A public key as configuration may give it (Base64 SubjectPublicKeyInfo, or PEM <c>PUBLIC KEY</c>) in Base64 form.</summary>
    /// <exception cref="ArgumentException">The text is not a P-256 public key.</exception>
    internal static string Normalize(string text, string from)
    {
        using var key = ECDsa.Create();
        try
        {
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                key.ImportFromPem(text);
            }
            else
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text.Trim()), out _);
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"{from}: expected an ECDSA P-256 public key (Base64 as …/instance publishes it, or PEM), found something else: {e.Message}", e);
        }

        if (key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new ArgumentException($"{from}: the key is not on the P-256 curve.");
        }

        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }
}
