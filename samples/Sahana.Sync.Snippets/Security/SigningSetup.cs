using Microsoft.AspNetCore.DataProtection;
using ReliefApp.QuickStart;
using Sahana.Sync;

namespace ReliefApp.Security;

public static class SigningSetup
{
    public static void AddSync(WebApplicationBuilder builder)
    {
        // begin-snippet: signing-keys
        builder.Services.AddSahanaSync<ReliefDb>(o =>
        {
            o.InstanceId = "col";
            o.SigningKey = SyncSigningKey.FromPem(builder.Configuration["SahanaSync:SigningKeyPem"]!);
            o.PeerKeys["gal"] = builder.Configuration["SahanaSync:PeerKeys:gal"]!; // Galle's …/instance publicKey
            o.RequireSignature = SyncSignaturePolicy.KnownPeers;                   // the default
        });
        // end-snippet
    }

    public static void AddSyncWithDataProtection(WebApplicationBuilder builder)
    {
        // begin-snippet: signing-data-protection
        var protector = DataProtectionProvider.Create("Relief").CreateProtector("Sahana.Sync.SigningKey");
        builder.Services.AddSahanaSync<ReliefDb>(o =>
        {
            o.InstanceId = "col";
            o.SigningKey = SyncSigningKey.FromProtectedFile(
                "/var/lib/relief/sync-signing-key", protector.Protect, protector.Unprotect);
        });
        // end-snippet
    }
}
