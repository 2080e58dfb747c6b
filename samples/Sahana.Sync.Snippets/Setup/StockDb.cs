// begin-snippet: setup-filter-deleted
using Microsoft.EntityFrameworkCore;
// end-snippet

namespace ReliefApp.Setup;

/// <summary>A second context: the stock of a warehouse, synced with its own instance id.</summary>
public sealed class StockDb(DbContextOptions<StockDb> options) : DbContext(options)
{
    // begin-snippet: setup-filter-deleted
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // ... the host's entities
        modelBuilder.UseSahanaSync().FilterDeletedSyncRows();
    }
    // end-snippet
}
