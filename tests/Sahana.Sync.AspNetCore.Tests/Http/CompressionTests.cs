using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.AspNetCore.Tests.Infrastructure;

namespace Sahana.Sync.AspNetCore.Tests.Http;

/// <summary>gzip and Brotli on the wire, both ways, with the size limit on what a body decodes to.</summary>
public abstract class CompressionTests : DatabaseTests
{
    [SkippableTheory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("br, gzip", "gzip")]
    [InlineData("gzip;q=0.5, br", "br")]
    public async Task A_negotiated_export_decodes_to_the_same_file_as_the_plain_one(string accept, string coding)
    {
        await using var galle = await SiteAsync("gal");
        await Relief.RegisterAsync(galle, "Sarvodaya", 200);
        using var http = galle.RawClient();

        using var plain = await http.GetAsync("export");
        using var request = new HttpRequestMessage(HttpMethod.Get, "export");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        using var encoded = await http.SendAsync(request);

        plain.Content.Headers.ContentEncoding.Should().BeEmpty();
        encoded.Content.Headers.ContentEncoding.Should().Equal(coding);
        encoded.Headers.Vary.Should().Contain("Accept-Encoding");
        encoded.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        var wire = await encoded.Content.ReadAsByteArrayAsync();
        wire.Length.Should().BeLessThan(plainBytes.Length / 2);
        WithoutInstanceSection(Decode(wire, coding)).Should().Be(WithoutInstanceSection(plainBytes));
    }

    [SkippableTheory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task An_encoded_import_merges_the_same_as_a_plain_one(string coding)
    {
        await using var colombo = await SiteAsync("col");
        await using var plainSite = await SiteAsync("gal");
        await using var encodedSite = await SiteAsync("mat");
        await Relief.RegisterAsync(colombo, "Red Cross", 50);
        var file = await colombo.ExportAsync();
        using var toPlain = plainSite.RawClient(true, "col");
        using var toEncoded = encodedSite.RawClient(true, "col");

        using var plain = await toPlain.PostAsync("import", Csv(file));
        using var encoded = await toEncoded.PostAsync("import", Csv(Encode(file, coding), coding));

        encoded.StatusCode.Should().Be(HttpStatusCode.OK, await encoded.Content.ReadAsStringAsync());
        var plainReport = await plain.Content.ReadFromJsonAsync<JsonElement>();
        var encodedReport = await encoded.Content.ReadFromJsonAsync<JsonElement>();
        encodedReport.GetProperty("tables").GetRawText().Should().Be(plainReport.GetProperty("tables").GetRawText());
        encodedReport.GetProperty("totalChanges").GetInt64().Should().Be(51);
        (await encodedSite.SyncedRowsAsync()).Should().Equal(await plainSite.SyncedRowsAsync());
    }

    [SkippableFact]
    public async Task The_client_pulls_and_pushes_compressed_and_the_sites_converge()
    {
        var network = new EncodingRecorder();
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col", Recorded(network));
        await Relief.RegisterAsync(colombo, "Red Cross", 30);
        await Relief.RegisterAsync(galle, "Sarvodaya", 20);

        var exchange = await colombo.Client.SyncAsync(galle.Peer);

        network.Exchanges.Should().Contain(("/sync/export", "", "gzip"), "the pull asked for a compressed file");
        network.Exchanges.Should().Contain(("/sync/import", "gzip", ""), "the push was compressed: galle decodes gzip");
        exchange.Pull.Inserted.Should().Be(21);
        exchange.Push.Inserted.Should().Be(31);
        (await galle.SyncedRowsAsync()).Should().Equal(await colombo.SyncedRowsAsync()).And.HaveCount(52);
    }

    [SkippableFact]
    public async Task A_client_pushes_plain_to_a_peer_that_names_no_coding_and_when_told_not_to_compress()
    {
        var network = new EncodingRecorder();
        var quiet = new EncodingRecorder();
        await using var galle = await SiteAsync("gal", new SiteSetup { Pipeline = HideAcceptEncoding });
        await using var matara = await SiteAsync("mat");
        await using var colombo = await SiteAsync("col", Recorded(network));
        await using var kandy = await SiteAsync("kan", new SiteSetup
        {
            Client = o => o.Compress = false,
            HttpClient = c => c.AddHttpMessageHandler(() => quiet),
        });
        await Relief.RegisterAsync(colombo, "Red Cross", 5);
        await Relief.RegisterAsync(kandy, "Sarvodaya", 5);

        await colombo.Client.PushAsync(galle.Peer);
        await kandy.Client.SyncAsync(matara.Peer);

        network.Exchanges.Should().Contain(("/sync/import", "", ""), "a peer that names no coding gets the plain file");
        quiet.Exchanges.Should().OnlyContain(e => e.Sent == "" && e.Received == "");
        (await galle.SyncedRowsAsync()).Should().HaveCount(6);
        (await matara.SyncedRowsAsync()).Should().HaveCount(6);
    }

    [SkippableFact]
    public async Task A_gzip_bomb_gets_413_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal", new SiteSetup { Endpoints = o => o.MaxImportSize = 1 << 20 });
        await Relief.RegisterAsync(galle, "Sarvodaya", 2);
        var before = await galle.FingerprintAsync();
        var bomb = Gzip(new byte[10 * 1024 * 1024]);
        bomb.Length.Should().BeLessThan(20 * 1024, "ten megabytes of zeros compress to a few kilobytes");
        using var http = galle.RawClient(true, "col");

        using var response = await http.PostAsync("import", Csv(bomb, "gzip"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("decoded from gzip").And.Contain("1048576 bytes");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task A_damaged_gzip_body_gets_400_naming_the_problem_and_changes_nothing()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 200);
        var damaged = Gzip(await colombo.ExportAsync());
        for (var i = damaged.Length / 2; i < damaged.Length / 2 + 64; i++)
        {
            damaged[i] ^= 0x5a;
        }

        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient(true, "col");

        using var response = await http.PostAsync("import", Csv(damaged, "gzip"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString()
            .Should().Be("The sync file's gzip coding is damaged; nothing was changed.");
        problem.GetProperty("detail").GetString().Should().Contain("could not be decoded as gzip");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    [SkippableFact]
    public async Task An_unknown_content_encoding_gets_415_naming_the_codings_taken()
    {
        await using var galle = await SiteAsync("gal");
        await using var colombo = await SiteAsync("col");
        await Relief.RegisterAsync(colombo, "Red Cross", 2);
        var before = await galle.FingerprintAsync();
        using var http = galle.RawClient(true, "col");

        using var response = await http.PostAsync("import", Csv(await colombo.ExportAsync(), "compress"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Headers.GetValues("Accept-Encoding").Should().Equal("gzip, br");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Contain("'compress'");
        (await galle.FingerprintAsync()).Should().Be(before);
    }

    private static void HideAcceptEncoding(WebApplication app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Remove("Accept-Encoding");
            return Task.CompletedTask;
        });
        await next(context);
    });

    private static byte[] Gzip(byte[] file) => Encode(file, "gzip");

    private static byte[] Encode(byte[] file, string coding)
    {
        using var buffer = new MemoryStream();
        using (Stream encoder = coding == "br"
            ? new BrotliStream(buffer, CompressionLevel.Optimal)
            : new GZipStream(buffer, CompressionLevel.Optimal))
        {
            encoder.Write(file);
        }

        return buffer.ToArray();
    }

    private static byte[] Decode(byte[] wire, string coding)
    {
        using var input = new MemoryStream(wire);
        using Stream decoder = coding == "br"
            ? new BrotliStream(input, CompressionMode.Decompress)
            : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The file without its sync_instance section, whose stamp differs from one export to the next.</summary>
    private static string WithoutInstanceSection(byte[] file)
    {
        // The signature line differs every time (ECDSA is randomised) and covers the instance section anyway.
        var text = Encoding.UTF8.GetString(file);
        var signature = text.IndexOf("\r\nSIGNATURE ", StringComparison.Ordinal);
        var sections = (signature >= 0 ? text[..signature] : text).Split("\r\n\r\n");
        sections.Should().Contain(s => s.TrimStart().StartsWith("TABLE pr_person", StringComparison.Ordinal));
        var kept = sections.Where(s => !s.TrimStart().StartsWith("TABLE sync_instance", StringComparison.Ordinal));
        return string.Join("\r\n\r\n", kept);
    }

    private static SiteSetup Recorded(EncodingRecorder recorder)
        => new() { HttpClient = c => c.AddHttpMessageHandler(() => recorder) };

    private static ByteArrayContent Csv(byte[] body, string? coding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        if (coding is not null)
        {
            content.Headers.ContentEncoding.Add(coding);
        }

        return content;
    }

    private async Task<SyncSite> SiteAsync(string instanceId, SiteSetup? setup = null)
        => await SyncSite.StartAsync(await CreateDatabaseAsync(), instanceId, setup);
}

public sealed class SqliteCompressionTests : CompressionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresCompressionTests : CompressionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
