using System.Security.Cryptography;

namespace Sahana.Sync;

/// <summary>
/// Where this instance's signing key (ECDSA P-256) comes from: <see cref="SahanaSyncOptions.SigningKey"/>. Every
/// export is signed with it, and <c>…/instance</c> publishes its public half.
/// </summary>
/// <remarks>
/// The private key never travels. Whoever can read it can sign files as this instance: keep it where only the
/// host's account can read it (a key file is created readable by its owner only), or in a secret store.
/// </remarks>
public sealed class SyncSigningKey
{
    private readonly Func<ECDsa>? _load;
    private readonly string _description;

    private SyncSigningKey(string description, Func<ECDsa>? load)
    {
        _description = description;
        _load = load;
    }

    /// <summary>Gets a key source that signs nothing: exports are unsigned, byte for byte what pydal writes.</summary>
    public static SyncSigningKey None { get; } = new("no signing key", null);

    /// <summary>A key given as PEM text (PKCS#8 <c>PRIVATE KEY</c> or SEC 1 <c>EC PRIVATE KEY</c>), such as from a secret store.</summary>
    /// <param name="pem">The PEM text of an ECDSA P-256 private key.</param>
    /// <returns>The key source.</returns>
    /// <exception cref="ArgumentException">The text holds no ECDSA P-256 private key.</exception>
    public static SyncSigningKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        using var check = Signing.InstanceKey.ImportPem(pem, "the PEM given to SyncSigningKey.FromPem");
        return new("a PEM key from configuration", () => Signing.InstanceKey.ImportPem(pem, "SyncSigningKey.FromPem"));
    }

    /// <summary>
    /// A key kept in a PEM file, made at first use when the file does not exist (readable and writable by the
    /// process's user only, on Unix).
    /// </summary>
    /// <param name="path">The file's path; its folder is created if missing.</param>
    /// <returns>The key source.</returns>
    public static SyncSigningKey FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new($"the key file '{full}'", () => Signing.KeyFile.LoadOrCreate(full));
    }

    /// <summary>
    /// A key kept in a file in a form only <paramref name="unprotect"/> can read, such as ASP.NET Core Data
    /// Protection's; made at first use when the file does not exist.
    /// </summary>
    /// <param name="path">The file's path; its folder is created if missing.</param>
    /// <param name="protect">Turns the key's bytes into what is written to the file.</param>
    /// <param name="unprotect">Turns the file's bytes back into the key's.</param>
    /// <returns>The key source.</returns>
    public static SyncSigningKey FromProtectedFile(string path, Func<byte[], byte[]> protect, Func<byte[], byte[]> unprotect)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(protect);
        ArgumentNullException.ThrowIfNull(unprotect);
        var full = Path.GetFullPath(path);
        return new($"the protected key file '{full}'", () => Signing.KeyFile.LoadOrCreate(full, protect, unprotect));
    }

    /// <summary>The default key file of an instance: <c>Sahana.Sync/&lt;id&gt;.signing-key.pem</c> in the user's local application data.</summary>
    /// <param name="instanceId">The instance's id.</param>
    /// <returns>The path, or <see langword="null"/> when the user has no local application data folder.</returns>
    internal static string? DefaultPath(string instanceId)
    {
        var folder = Environment.GetFolderPath(
            Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "Sahana.Sync", instanceId + ".signing-key.pem");
    }

    /// <summary>Loads the key, or <see langword="null"/> for <see cref="None"/>.</summary>
    internal ECDsa? Load() => _load?.Invoke();

    /// <summary>Says where the key comes from, never the key.</summary>
    /// <returns>A description for logs.</returns>
    public override string ToString() => _description;
}
