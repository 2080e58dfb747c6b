using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sahana.Sync.AspNetCore;

namespace Sahana.Sync.Demo;

/// <summary>
/// The demo's stand-in for real authentication: each site presents its own key in a header, and the key says
/// which instance it is (a <see cref="SyncClaimTypes.Instance"/> claim), so a site can push only its own
/// files. A deployment uses what its sites already have (client certificates, JWT bearer tokens from the
/// head office, an API gateway) and adds the same claim.
/// </summary>
public sealed class SyncKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SyncKey";
    public const string Header = "X-Sync-Key";

    // Demo values; a real key comes from configuration or a secret store, never from source.
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["demo-only-key-of-col"] = "col",
        ["demo-only-key-of-gal"] = "gal",
    };

    /// <summary>The key the site <paramref name="instanceId"/> presents to its peers.</summary>
    public static string KeyOf(string instanceId) => Keys.Single(k => k.Value == instanceId).Key;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!Keys.TryGetValue(key.ToString(), out var instanceId))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong sync key."));
        }

        var peer = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "peer " + instanceId), new Claim("scope", "sync"), new Claim(SyncClaimTypes.Instance, instanceId)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(peer), SchemeName)));
    }
}
