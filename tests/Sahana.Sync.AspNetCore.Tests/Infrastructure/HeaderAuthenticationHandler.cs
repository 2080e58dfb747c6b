using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A shared key in a header: enough to tell a peer from a stranger. <c>relief-key:col</c> signs in a caller
/// that speaks for instance col (a <see cref="SyncClaimTypes.Instance"/> claim per id after the colon, comma
/// separated), as a certificate or token issued to that instance would; <c>relief-key</c> alone, one for none.
/// </summary>
public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SyncKey";
    public const string Header = "X-Sync-Key";
    public const string Key = "relief-key";

    /// <summary>The header value of a caller that speaks for <paramref name="instanceIds"/>.</summary>
    public static string KeyFor(params string[] instanceIds) => instanceIds.Length == 0 ? Key : Key + ":" + string.Join(',', instanceIds);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parts = value.ToString().Split(':', 2);
        if (parts[0] != Key)
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong sync key"));
        }

        var ids = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var claims = new List<Claim> { new(ClaimTypes.Name, ids.Length == 0 ? "peer" : "peer " + parts[1]), new("scope", "sync") };
        claims.AddRange(ids.Select(id => new Claim(SyncClaimTypes.Instance, id)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
