using System.Security.Cryptography;
using System.Text;

namespace Sahana.Sync.Signing;

/// <summary>Loads a key file, or makes a new key and writes it there when there is none yet.</summary>
internal static class KeyFile
{
    internal static ECDsa LoadOrCreate(string path, Func<byte[], byte[]>? protect = null, Func<byte[], byte[]>? unprotect = null)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var bytes = Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem());
            try
            {
                // CreateNew: two processes starting together must not each write a key; the second reads the first's.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var file = new FileStream(path, options);
                file.Write(protect is null ? bytes : protect(bytes));
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }

        var stored = File.ReadAllBytes(path);
        var pem = Encoding.ASCII.GetString(unprotect is null ? stored : unprotect(stored));
        return InstanceKey.ImportPem(pem, $"the key file '{path}'");
    }
}
