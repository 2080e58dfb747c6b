using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Model;

namespace Sahana.Sync.Migrations;

/// <summary>
/// The context Sahana.Sync's shipped migrations belong to. It holds only <see cref="SyncInstance"/> and <see cref="SyncImportRecord"/>, runs on
/// the host's own connection, and keeps its history in a table of its own, so the host's migrations and
/// ours never see each other's entries.
/// </summary>
internal sealed class SyncMigrationsContext(DbContextOptions<SyncMigrationsContext> options) : DbContext(options)
{
    internal const string HistoryTable = "__sahana_sync_migrations";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder
            .ApplyConfiguration(new SyncInstanceConfiguration(excludeFromMigrations: false))
            .ApplyConfiguration(new SyncImportConfiguration(excludeFromMigrations: false))
            .ApplyConfiguration(new SyncConflictConfiguration(excludeFromMigrations: false))
            .ApplyConfiguration(new SyncImportFailureConfiguration(excludeFromMigrations: false));
}
