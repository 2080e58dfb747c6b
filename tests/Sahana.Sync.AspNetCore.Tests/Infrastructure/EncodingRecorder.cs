namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Sits where the network would be and records the content codings as they travel: what each request's body
/// was sent in, and what each response came back in, before anything decoded it.
/// </summary>
public sealed class EncodingRecorder : DelegatingHandler
{
    public List<(string Path, string Sent, string Received)> Exchanges { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        lock (Exchanges)
        {
            Exchanges.Add((
                request.RequestUri!.AbsolutePath,
                string.Join(",", request.Content?.Headers.ContentEncoding ?? []),
                string.Join(",", response.Content.Headers.ContentEncoding)));
        }

        return response;
    }
}
