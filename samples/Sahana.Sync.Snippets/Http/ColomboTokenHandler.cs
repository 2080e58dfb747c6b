// begin-snippet: http-token-handler
using System.Net.Http.Headers;
// end-snippet

namespace ReliefApp.Http;

// begin-snippet: http-token-handler
public sealed class ColomboTokenHandler(IConfiguration configuration) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", configuration["Sync:ColomboToken"]);
        return base.SendAsync(request, cancellationToken);
    }
}
// end-snippet
