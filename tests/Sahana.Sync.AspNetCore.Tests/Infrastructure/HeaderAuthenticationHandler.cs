using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>A shared key in a header: enough to tell a peer from a stranger, which is all the sync tests need of authentication.</summary>
public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SyncKey";
    public const string Header = "X-Sync-Key";
    public const string Key = "relief-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (value != Key)
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong sync key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "peer"), new Claim("scope", "sync")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
