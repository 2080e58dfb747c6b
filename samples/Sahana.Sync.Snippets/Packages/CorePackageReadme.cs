using Microsoft.EntityFrameworkCore;
using ReliefApp.QuickStart;

namespace ReliefApp.Packages;

public static class CorePackageReadme
{
    public static async Task SetUpAsync(ModelBuilder modelBuilder, WebApplicationBuilder builder, ReliefDb db)
    {
        // begin-snippet: package-core
        modelBuilder.UseSahanaSync();                                   // at the end of OnModelCreating
        builder.Services.AddSahanaSync<ReliefDb>(o => o.InstanceId = "col");
        await db.Database.MigrateSahanaSyncAsync();                     // the sync_instance and sync_import tables
        // end-snippet
    }
}
