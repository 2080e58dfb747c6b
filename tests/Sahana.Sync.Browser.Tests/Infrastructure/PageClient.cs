using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Sahana.Sync.Browser.Tests.Infrastructure;

/// <summary>The page's forms driven by an HTTP client, for what a browser will not do: a missing token, a forged name, an oversized body.</summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _client;

    public PageClient(SyncSite site, string? user = "relief-worker")
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(site.BaseUrl) };
        if (user is not null)
        {
            _client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, user);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>Reads the upload form's antiforgery token from the page (and gets its cookie).</summary>
    public async Task<string> TokenAsync()
    {
        var page = await _client.GetStringAsync(new Uri(SyncSite.PagePath, UriKind.Relative));
        return TokenField().Match(page).Groups[1].Value;
    }

    /// <summary>
    /// Posts the upload form: the token (unless null) first, as the page's form sends it, then the expected
    /// sender (unless null), then the file;
    /// <c>chunked</c> sends it without a length, as a client streaming it would, so the limit applies while reading.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)> UploadAsync(byte[] file, string fileName, string? token, bool chunked = false, string? expectedSender = null)
    {
        using var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        if (expectedSender is not null)
        {
            form.Add(new StringContent(expectedSender), "expected-sender");
        }

        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(file)) : new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        using var response = await _client.PostAsync(new Uri(SyncSite.PagePath, UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the clock repair form: the token (unless null), and the confirmation box when ticked.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ResolveConflictAsync(string? token, string id, string action)
    {
        var fields = new List<KeyValuePair<string, string>> { new("conflict", id), new("do", action) };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await _client.PostAsync(new Uri(SyncSite.PagePath + "/conflicts", UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Body)> RepairClockAsync(string? token, bool confirmed)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }

        if (confirmed)
        {
            fields.Add(new("clockCorrect", "yes"));
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await _client.PostAsync(new Uri(SyncSite.PagePath + "/clock", UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A stream that will not tell its length, so the client sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
