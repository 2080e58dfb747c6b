using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sahana.Sync.Demo;

/// <summary>
/// The demo's stand-in for real authentication: peers present a shared key in a header. A deployment uses
/// what its sites already have (client certificates, JWT bearer tokens from the head office, an API gateway).
/// </summary>
public sealed class SyncKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SyncKey";
    public const string Header = "X-Sync-Key";

    // A demo value; a real key comes from configuration or a secret store, never from source.
    public const string DemoKey = "demo-only-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (key != DemoKey)
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong sync key."));
        }

        var peer = new ClaimsIdentity([new Claim(ClaimTypes.Name, "peer"), new Claim("scope", "sync")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(peer), SchemeName)));
    }
}
