using System.Text;

namespace Sahana.Sync.Signing;

/// <summary>
/// The line a signed file carries after <c>END</c>: <c>SIGNATURE &lt;base_uuid&gt; ES256 &lt;key&gt; &lt;signature&gt;</c>
/// and CRLF, right after <c>END</c>'s CRLF. The signature (ECDSA P-256, SHA-256, r and s as 64 bytes, Base64)
/// covers every byte of the file before it, the line's own start included, so neither the data nor who claims
/// to have signed it can change without breaking it.
/// </summary>
internal static class SignatureLine
{
    internal const string Algorithm = "ES256";

    /// <summary>The longest line accepted: the key and signature of P-256 need about 230 bytes.</summary>
    internal const int MaxLength = 512;

    internal static ReadOnlySpan<byte> Keyword => "SIGNATURE "u8;

    /// <summary>What is signed of the line: all of it up to the signature itself, after the line break that ends <c>END</c>'s line.</summary>
    internal static byte[] SignedStart(string instanceId, string publicKey)
        => Encoding.ASCII.GetBytes($"\r\nSIGNATURE {instanceId} {Algorithm} {publicKey} ");

    /// <summary>Reads the line after its keyword: its fields, or the problem.</summary>
    /// <param name="rest">The bytes after <c>SIGNATURE </c> to the end of the file.</param>
    /// <param name="signer">The instance the line names.</param>
    /// <param name="publicKey">The key, Base64.</param>
    /// <param name="signature">The signature's bytes.</param>
    /// <param name="signedLength">How many bytes of <paramref name="rest"/> the signature covers.</param>
    /// <returns>The problem, or <see langword="null"/> when the line reads.</returns>
    internal static string? TryParse(ReadOnlySpan<byte> rest, out string signer, out string publicKey, out byte[] signature, out int signedLength)
    {
        signer = publicKey = string.Empty;
        signature = [];
        signedLength = 0;
        var text = Encoding.ASCII.GetString(rest);
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        if (!string.IsNullOrWhiteSpace(end < 0 ? string.Empty : text[end..]) || line.Length + Keyword.Length > MaxLength)
        {
            return "expected the signature line to be the file's last, found more after it";
        }

        var parts = line.Split(' ');
        if (parts.Length != 4)
        {
            return $"expected 'SIGNATURE <instance> {Algorithm} <key> <signature>', found {parts.Length + 1} fields: is the file cut short?";
        }

        if (parts[1] != Algorithm)
        {
            return $"expected the algorithm {Algorithm}, found '{parts[1]}'";
        }

        signer = parts[0];
        publicKey = parts[2];
        try
        {
            signature = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return "the signature is not Base64: is the file cut short or altered?";
        }

        if (signature.Length != 64)
        {
            return $"expected a signature of 64 bytes, found {signature.Length}: is the file cut short or altered?";
        }

        signedLength = line.Length - parts[3].Length;
        return null;
    }
}
