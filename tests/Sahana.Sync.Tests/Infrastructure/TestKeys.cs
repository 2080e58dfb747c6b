using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// One signing key per instance id for the whole test run, as a site keeps its key across restarts; made in memory,
/// so tests never write a key file into the user's folders.
/// </summary>
public static class TestKeys
{
    private static readonly ConcurrentDictionary<string, string> Pems = new(StringComparer.Ordinal);

    public static SyncSigningKey For(string instanceId) => SyncSigningKey.FromPem(Pem(instanceId));

    public static string Pem(string instanceId) => Pems.GetOrAdd(instanceId, _ =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    });

    /// <summary>The public key as <c>…/instance</c> publishes it.</summary>
    public static string PublicKey(string instanceId)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(Pem(instanceId));
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }
}
