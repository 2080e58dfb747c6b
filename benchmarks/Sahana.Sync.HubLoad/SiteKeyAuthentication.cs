using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sahana.Sync.AspNetCore;

namespace Sahana.Sync.HubLoad;

/// <summary>
/// The hub's authentication: the header names the site. Only for a harness on 127.0.0.1; a real hub proves who
/// its caller is (a key, a certificate), as the demo's handler shows.
/// </summary>
internal sealed class SiteKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LoadSite";
    public const string Header = "X-Load-Site";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var site) || site.ToString() is not { Length: > 0 } id)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var caller = new ClaimsIdentity([new Claim(ClaimTypes.Name, id), new Claim(SyncClaimTypes.Instance, id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(caller), SchemeName)));
    }
}
