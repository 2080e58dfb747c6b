using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Browser.Tests.Infrastructure;

namespace Sahana.Sync.Browser.Tests;

/// <summary>The page's .csv.gz download and upload, driven with an HTTP client against real sites.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design", "CA1001", Justification = "xunit disposes the sites through IAsyncLifetime.DisposeAsync.")]
public sealed class SyncPageCompressionTests : IAsyncLifetime
{
    private SyncSite _field = null!;
    private SyncSite _office = null!;

    public async Task InitializeAsync()
    {
        _field = await SyncSite.StartAsync("fld", "Field office");
        _office = await SyncSite.StartAsync("hq", "Colombo head office", maxUploadBytes: 1 << 20);
        await _field.WithContextAsync(async db =>
        {
            for (var i = 0; i < 100; i++)
            {
                db.People.Add(new Person { Name = $"Amara Perera {i}" });
            }

            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await _field.DisposeAsync();
        await _office.DisposeAsync();
    }

    [Fact]
    public async Task The_download_form_offers_a_compressed_file_and_the_upload_takes_one()
    {
        using var client = new PageClient(_field);

        var page = await (await client.GetAsync(SyncSite.PagePath)).Content.ReadAsStringAsync();

        page.Should().Contain("<input type=\"checkbox\" id=\"gzip\" name=\"gzip\" value=\"yes\"> Compressed (.csv.gz)")
            .And.Contain("accept=\".csv,.gz,text/csv,application/gzip\"");
    }

    [Fact]
    public async Task A_compressed_download_is_a_csv_gz_of_the_plain_file()
    {
        using var client = new PageClient(_field);

        using var plain = await client.GetAsync(SyncSite.PagePath + "/download");
        using var compressed = await client.GetAsync(SyncSite.PagePath + "/download?gzip=yes");

        compressed.StatusCode.Should().Be(HttpStatusCode.OK);
        compressed.Content.Headers.ContentType!.MediaType.Should().Be("application/gzip");
        compressed.Content.Headers.ContentEncoding.Should().BeEmpty("a browser would undo a Content-Encoding");
        compressed.Content.Headers.ContentDisposition!.FileName.Should().MatchRegex("^\"?sync-fld-.*\\.csv\\.gz\"?$");
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        bytes[..2].Should().Equal(0x1f, 0x8b);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        bytes.Length.Should().BeLessThan(plainBytes.Length / 2);
        WithoutInstanceSection(Gunzip(bytes)).Should().Be(WithoutInstanceSection(plainBytes));
    }

    [Theory]
    [InlineData("sync.csv.gz")]
    [InlineData("renamed.csv")]
    public async Task A_gzip_upload_is_told_by_its_bytes_and_merged_as_the_plain_file_would_be(string fileName)
    {
        var file = await _field.ExportAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(Gzip(file), fileName, await client.TokenAsync());

        status.Should().Be(HttpStatusCode.OK, page);
        page.Should().Contain(fileName);
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(100);
        (await _office.WithContextAsync(db => db.Set<SyncImportRecord>().Select(r => r.Source).ToListAsync()))
            .Should().Equal(fileName);
    }

    [Fact]
    public async Task A_gzip_upload_that_decompresses_past_the_limit_is_refused_with_413_and_changes_nothing()
    {
        var bomb = Gzip(new byte[10 * 1024 * 1024]);
        bomb.Length.Should().BeLessThan(20 * 1024);
        var before = await _office.FingerprintAsync();
        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(bomb, "bomb.csv.gz", await client.TokenAsync());

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        page.Should().Contain("The file is larger than this page accepts (1 MB).");
        (await _office.FingerprintAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_damaged_gzip_upload_is_refused_naming_the_problem_and_changes_nothing()
    {
        var damaged = Gzip(await _field.ExportAsync());
        for (var i = damaged.Length / 2; i < damaged.Length / 2 + 64; i++)
        {
            damaged[i] ^= 0x5a;
        }

        using var client = new PageClient(_office);

        var (status, page) = await client.UploadAsync(damaged, "damaged.csv.gz", await client.TokenAsync());

        status.Should().Be(HttpStatusCode.BadRequest);
        page.Should().Contain("The file is gzip-compressed (.csv.gz) but could not be decompressed: it is damaged")
            .And.Contain("Nothing was changed.");
        (await _office.WithContextAsync(db => db.People.CountAsync())).Should().Be(0);
    }

    private static byte[] Gzip(byte[] file)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(file);
        }

        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The file without its sync_instance section, whose stamp differs from one export to the next.</summary>
    private static string WithoutInstanceSection(byte[] file)
    {
        var sections = SyncSite.WithoutSignature(Encoding.UTF8.GetString(file)).Split("\r\n\r\n");
        sections.Should().Contain(s => s.TrimStart().StartsWith("TABLE pr_person", StringComparison.Ordinal));
        var kept = sections.Where(s => !s.TrimStart().StartsWith("TABLE sync_instance", StringComparison.Ordinal));
        return string.Join("\r\n\r\n", kept);
    }
}
