using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Trust;

/// <summary>
/// A signed file says who made it: the signature after END covers every byte before it, the sender's key is kept
/// at first contact (or pinned), and a file altered, cut, signed with another key or claiming another sender is
/// refused with <see cref="SyncSignatureException"/> before anything changes.
/// </summary>
public abstract class SignedFileTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task A_signed_file_imports_and_the_senders_key_is_kept_with_its_fingerprint_in_the_history()
    {
        await using var sites = await SitesAsync();

        var report = await sites.Here.ImportAsync(sites.File);

        report.SenderFingerprint.Should().Be(Fingerprint("gal"));
        report.Tables.Single(t => t.Table == "pr_person").Inserted.Should().Be(3);
        await using var scope = sites.Here.NewContext();
        (await scope.Context.Set<SyncInstance>().SingleAsync(i => i.BaseUuid == "gal")).PublicKey
            .Should().Be(TestKeys.PublicKey("gal"), "trust on first use keeps the key of the first signed file");
        (await scope.Context.Set<SyncImportRecord>().SingleAsync()).SenderFingerprint.Should().Be(Fingerprint("gal"));
    }

    [SkippableFact]
    public async Task A_replayed_signed_file_is_accepted_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        await sites.Here.ImportAsync(sites.File);
        var before = await RowsAndPeersAsync(sites.Here, history: false);

        var report = await sites.Here.ImportAsync(sites.File);

        report.Replayed.Should().BeTrue();
        report.TotalChanges.Should().Be(0);
        report.SenderFingerprint.Should().Be(Fingerprint("gal"));
        (await RowsAndPeersAsync(sites.Here, history: false)).Should().Be(before, "only the history notes the import");
    }

    [SkippableFact]
    public async Task A_byte_changed_in_the_data_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        var file = Replace(sites.File, "person 1,", "person 7,");

        var e = await RefusedAsync(sites.Here, file);

        e.Message.Should().Contain("does not match its bytes").And.Contain("'gal'");
        e.FileFingerprint.Should().Be(Fingerprint("gal"));
    }

    [SkippableFact]
    public async Task A_byte_changed_in_a_header_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        await RefusedAsync(sites.Here, Replace(sites.File, "pr_person.first_name", "pr_person.first_nbme"));
    }

    [SkippableFact]
    public async Task A_byte_changed_in_the_signature_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        var file = (byte[])sites.File.Clone();
        var at = file.Length - 10;
        file[at] = (byte)(file[at] == (byte)'A' ? 'B' : 'A');

        await RefusedAsync(sites.Here, file);
    }

    [SkippableFact]
    public async Task A_byte_changed_in_the_key_of_the_signature_line_is_refused_and_changes_nothing()
    {
        await using var sites = await SitesAsync();
        var text = Encoding.UTF8.GetString(sites.File);
        var at = text.IndexOf(" ES256 ", StringComparison.Ordinal) + " ES256 ".Length + 40;
        var file = Encoding.UTF8.GetBytes(text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);

        await RefusedAsync(sites.Here, file);
    }

    [SkippableFact]
    public async Task A_file_signed_with_another_instances_key_is_refused_with_both_fingerprints()
    {
        await using var sites = await SitesAsync();
        await sites.Here.ImportAsync(sites.File);
        await sites.Galle.EditAsync(db => db.People.Single(p => p.FirstName == "person 0").LastName = "forged");
        var forged = Resign(await sites.Galle.ExportAsync(), "gal", "imp");

        var e = await RefusedAsync(sites.Here, forged);

        e.Sender.Should().Be("gal");
        e.KnownFingerprint.Should().Be(Fingerprint("gal"));
        e.FileFingerprint.Should().Be(Fingerprint("imp"));
        e.Message.Should().Contain(Fingerprint("gal")).And.Contain(Fingerprint("imp"));
    }

    [SkippableFact]
    public async Task A_pinned_key_refuses_another_key_at_first_contact()
    {
        await using var sites = await SitesAsync(o => o.PeerKeys["gal"] = TestKeys.PublicKey("gal"));

        var e = await RefusedAsync(sites.Here, Resign(sites.File, "gal", "imp"));

        e.Message.Should().Contain("pinned in SahanaSyncOptions.PeerKeys");
        (await sites.Here.ImportAsync(sites.File)).SenderFingerprint.Should().Be(Fingerprint("gal"));
    }

    [SkippableFact]
    public async Task A_file_cut_right_after_END_from_a_peer_whose_key_is_known_is_refused()
    {
        await using var sites = await SitesAsync();
        await sites.Here.ImportAsync(sites.File);
        await sites.Galle.EditAsync(db => db.People.Single(p => p.FirstName == "person 0").LastName = "changed");
        var newer = await sites.Galle.ExportAsync();

        var e = await RefusedAsync(sites.Here, Unsigned(newer));

        e.Message.Should().Contain("is not signed").And.Contain("cut after END");
        e.KnownFingerprint.Should().Be(Fingerprint("gal"));
    }

    [SkippableFact]
    public async Task A_file_cut_inside_its_signature_line_is_refused()
    {
        await using var sites = await SitesAsync();

        var e = await RefusedAsync(sites.Here, sites.File[..^20]);

        e.Message.Should().Contain("signature line is not valid");
    }

    [SkippableFact]
    public async Task A_file_naming_a_sender_but_signed_by_another_instance_is_refused()
    {
        await using var sites = await SitesAsync();

        var e = await RefusedAsync(sites.Here, Resign(sites.File, "imp", "imp"));

        e.Message.Should().Contain("names instance 'gal' as its sender, but is signed by instance 'imp'");
    }

    [SkippableFact]
    public async Task An_unsigned_file_from_an_unknown_sender_imports_under_the_default_policy()
    {
        await using var sites = await SitesAsync();

        var report = await sites.Here.ImportAsync(Unsigned(sites.File));

        report.SenderFingerprint.Should().BeNull();
        report.Tables.Single(t => t.Table == "pr_person").Inserted.Should().Be(3);
    }

    [SkippableFact]
    public async Task RequireSignature_Always_refuses_an_unsigned_file_from_anyone()
    {
        await using var sites = await SitesAsync(o => o.RequireSignature = SyncSignaturePolicy.Always);

        var e = await RefusedAsync(sites.Here, Unsigned(sites.File));

        e.Message.Should().Contain("RequireSignature is Always");
    }

    [SkippableFact]
    public async Task Without_trust_on_first_use_only_a_pinned_key_is_accepted()
    {
        await using var sites = await SitesAsync(o => o.TrustOnFirstUse = false);

        var e = await RefusedAsync(sites.Here, sites.File);

        e.Message.Should().Contain("TrustOnFirstUse is off");
    }

    [SkippableFact]
    public async Task An_export_without_a_signing_key_is_unsigned_and_ends_with_END()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database, "gal", configure: o => o.SigningKey = SyncSigningKey.None);
        await host.CreateSchemaAsync();

        Encoding.UTF8.GetString(await host.ExportAsync()).Should().EndWith("\r\n\r\n\r\nEND");
    }

    /// <summary>Refuses the file with <see cref="SyncSignatureException"/>, and checks that every table, sync_instance included, is as it was.</summary>
    private static async Task<SyncSignatureException> RefusedAsync(SyncTestHost<ReliefContext> host, byte[] file)
    {
        var before = await RowsAndPeersAsync(host);
        var e = (await host.Awaiting(h => h.ImportAsync(file)).Should().ThrowExactlyAsync<SyncSignatureException>()).Which;
        e.Message.Should().EndWith("Nothing was changed.");
        (await RowsAndPeersAsync(host)).Should().Be(before);
        return e;
    }

    /// <summary>Every row of every table, sync_instance's keys and (unless left out) the history included.</summary>
    private static async Task<string> RowsAndPeersAsync(SyncTestHost<ReliefContext> host, bool history = true)
    {
        await using var scope = host.NewContext();
        var imports = history ? await scope.Context.Set<SyncImportRecord>().CountAsync() : 0;
        var peers = string.Join(";", (await scope.Context.Set<SyncInstance>().AsNoTracking().ToListAsync())
            .OrderBy(p => p.BaseUuid, StringComparer.Ordinal)
            .Select(p => $"{p.BaseUuid},{p.LastUpdate:O},{p.SyncCount},{p.PublicKey}"));
        return $"{await DatabaseState.FingerprintAsync(host)}\n{imports} imports\n{peers}";
    }

    private static string Fingerprint(string instanceId)
        => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(TestKeys.PublicKey(instanceId)))).TrimEnd('=');

    private static byte[] Unsigned(byte[] file) => Encoding.UTF8.GetBytes(DatabaseState.WithoutSignature(Encoding.UTF8.GetString(file)));

    private static byte[] Replace(byte[] file, string from, string to)
    {
        var text = Encoding.UTF8.GetString(file);
        text.Should().Contain(from);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Signs the file's CSV again as docs/format.md says, naming <paramref name="signer"/>, with the key of <paramref name="keyOf"/>.</summary>
    private static byte[] Resign(byte[] file, string signer, string keyOf)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(TestKeys.Pem(keyOf));
        var signed = Unsigned(file).Concat(Encoding.ASCII.GetBytes($"\r\nSIGNATURE {signer} ES256 {TestKeys.PublicKey(keyOf)} ")).ToArray();
        var signature = key.SignHash(SHA256.HashData(signed), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return [.. signed, .. Encoding.ASCII.GetBytes(Convert.ToBase64String(signature) + "\r\n")];
    }

    private async Task<Sites> SitesAsync(Action<SahanaSyncOptions>? configureHere = null)
    {
        var galleDb = await CreateDatabaseAsync();
        var hereDb = await CreateDatabaseAsync();
        var galle = new SyncTestHost<ReliefContext>(galleDb, "gal", new TestClock(Now));
        var here = new SyncTestHost<ReliefContext>(hereDb, "col", new TestClock(Now.AddMinutes(5)), configureHere);
        await galle.CreateSchemaAsync();
        await here.CreateSchemaAsync();
        await galle.EditAsync(db => db.AddRange(Enumerable.Range(0, 3).Select(i => new PrPerson { FirstName = $"person {i}", LastName = "new" })));
        return new Sites(galleDb, hereDb, galle, here, await galle.ExportAsync());
    }

    private sealed record Sites(TestDatabase GalleDb, TestDatabase HereDb, SyncTestHost<ReliefContext> Galle, SyncTestHost<ReliefContext> Here, byte[] File) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Galle.DisposeAsync();
            await Here.DisposeAsync();
            await GalleDb.DisposeAsync();
            await HereDb.DisposeAsync();
        }
    }
}

public sealed class SqliteSignedFileTests : SignedFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSignedFileTests : SignedFileTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
