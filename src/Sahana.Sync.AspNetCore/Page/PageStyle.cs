using System.Security.Cryptography;
using System.Text;

namespace Sahana.Sync.AspNetCore.Page;

/// <summary>
/// The page's one stylesheet, embedded in the assembly and inlined into the page: nothing to serve,
/// nothing fetched from elsewhere, so the page works on a site with no internet.
/// </summary>
internal static class PageStyle
{
    internal static string Css { get; } = Load();

    /// <summary>
    /// The page's Content-Security-Policy: no script at all, and only this stylesheet, by its hash. Even
    /// markup that slipped past the encoder could not run.
    /// </summary>
    internal static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static string Load()
    {
        using var stream = typeof(PageStyle).Assembly.GetManifestResourceStream("Sahana.Sync.AspNetCore.Page.sync-page.css")
            ?? throw new InvalidOperationException("The sync page's stylesheet is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
