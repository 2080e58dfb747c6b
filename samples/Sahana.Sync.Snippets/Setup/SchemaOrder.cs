// begin-snippet: setup-schema-order
using Microsoft.EntityFrameworkCore;
// end-snippet

using ReliefApp.QuickStart;

namespace ReliefApp.Setup;

public static class SchemaOrder
{
    public static async Task CreateAsync(ReliefDb db)
    {
        // begin-snippet: setup-schema-order
        await db.Database.EnsureCreatedAsync();          // or MigrateAsync(): the host's tables first
        await db.Database.MigrateSahanaSyncAsync();      // then Sahana.Sync's
        // end-snippet
    }
}
