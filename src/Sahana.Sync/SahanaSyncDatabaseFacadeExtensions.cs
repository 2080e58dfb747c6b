using Microsoft.EntityFrameworkCore.Infrastructure;
using Sahana.Sync.Migrations;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Applies the migrations Sahana.Sync ships, on the host's own database.</summary>
public static class SahanaSyncDatabaseFacadeExtensions
{
    /// <summary>
    /// Creates or updates Sahana.Sync's tables (<c>sync_instance</c>) in the host's database, on the host
    /// context's provider and connection. Sahana.Sync keeps its own history table
    /// (<c>__sahana_sync_migrations</c>), and <c>UseSahanaSync()</c> excludes its tables from the host's
    /// migrations, so the two never fight. Safe to call on every start: applied migrations are skipped.
    /// </summary>
    /// <param name="database">The host context's <see cref="DbContext.Database"/>.</param>
    /// <param name="cancellationToken">A token to cancel the migration.</param>
    /// <returns>A task that completes when the tables are up to date.</returns>
    /// <exception cref="Sahana.Sync.SyncConfigurationException">
    /// The context's provider is neither SQLite nor PostgreSQL, the two Sahana.Sync supports.
    /// </exception>
    public static Task MigrateSahanaSyncAsync(
        this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);

        // Refused at start, before tables are made for a sync that could not run on this provider.
        _ = Sahana.Sync.Storage.SqlDialect.For(database);
        return SyncMigrations.MigrateAsync(database.GetService<ICurrentDbContext>().Context, cancellationToken);
    }

    /// <summary>Lists the Sahana.Sync migrations that have not been applied to the host's database yet.</summary>
    /// <param name="database">The host context's <see cref="DbContext.Database"/>.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The ids of the pending migrations, oldest first; empty when the schema is current.</returns>
    public static Task<IReadOnlyList<string>> GetPendingSahanaSyncMigrationsAsync(
        this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        return SyncMigrations.GetPendingAsync(database.GetService<ICurrentDbContext>().Context, cancellationToken);
    }
}
