// begin-snippet: migrations
using Microsoft.EntityFrameworkCore;
// end-snippet

namespace ReliefApp.QuickStart;

public static class Migration
{
    public static async Task MigrateAsync(ReliefDb db)
    {
        // begin-snippet: migrations
        await db.Database.MigrateAsync();           // your migrations (or EnsureCreatedAsync)
        await db.Database.MigrateSahanaSyncAsync(); // Sahana.Sync's; applied ones are skipped
        // end-snippet
    }
}
