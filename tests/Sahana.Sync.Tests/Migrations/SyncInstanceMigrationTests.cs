using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sahana.Sync.Migrations;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Migrations;

public abstract class SyncInstanceMigrationTests : DatabaseTests
{
    protected abstract IReadOnlyList<ColumnInfo> ExpectedColumns { get; }

    [SkippableFact]
    public async Task Migration_creates_sync_instance_column_for_column_and_rolls_back()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scope = host.NewContext();

        (await scope.Context.Database.GetPendingSahanaSyncMigrationsAsync()).Should().Equal("20261126000000_CreateSyncInstance", "20261126120000_CreateSyncImport", "20261204000000_CreateSyncOrigin", "20261205000000_CreateSyncConflict", "20261206000000_AddSyncInstanceKeys", "20261206100000_CreateSyncLease", "20261206120000_CreateSyncImportFailure", "20261207000000_CreateSyncOriginLog");
        await scope.Context.Database.MigrateSahanaSyncAsync();

        (await SchemaReader.ColumnsAsync(database, "sync_instance")).Should().Equal(ExpectedColumns);
        (await SchemaReader.TableExistsAsync(database, "sync_import")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_origin")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_conflict")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_lease")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_import_failure")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_origin_log")).Should().BeTrue();
        (await scope.Context.Database.GetPendingSahanaSyncMigrationsAsync()).Should().BeEmpty();

        await using (var migrations = SyncMigrations.CreateContext(scope.Context))
        {
            await migrations.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        }

        (await SchemaReader.TableExistsAsync(database, "sync_instance")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_import")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_origin")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_conflict")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_lease")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_import_failure")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "sync_origin_log")).Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_database_migrated_before_the_import_history_gets_only_the_new_tables()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scope = host.NewContext();
        await using (var migrations = SyncMigrations.CreateContext(scope.Context))
        {
            await migrations.GetService<IMigrator>().MigrateAsync("20261126000000_CreateSyncInstance");
        }

        (await scope.Context.Database.GetPendingSahanaSyncMigrationsAsync()).Should().Equal("20261126120000_CreateSyncImport", "20261204000000_CreateSyncOrigin", "20261205000000_CreateSyncConflict", "20261206000000_AddSyncInstanceKeys", "20261206100000_CreateSyncLease", "20261206120000_CreateSyncImportFailure", "20261207000000_CreateSyncOriginLog");
        await scope.Context.Database.MigrateSahanaSyncAsync();

        (await SchemaReader.TableExistsAsync(database, "sync_import")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_origin")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_conflict")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_lease")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_import_failure")).Should().BeTrue();
        (await SchemaReader.TableExistsAsync(database, "sync_origin_log")).Should().BeTrue();
        (await scope.Context.Database.GetPendingSahanaSyncMigrationsAsync()).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Migration_is_skipped_when_already_applied()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scope = host.NewContext();

        await scope.Context.Database.MigrateSahanaSyncAsync();
        await scope.Context.Database.MigrateSahanaSyncAsync();

        (await SchemaReader.TableExistsAsync(database, "sync_instance")).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Host_schema_creation_leaves_sync_instance_to_the_shipped_migration()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scope = host.NewContext();

        await scope.Context.Database.EnsureCreatedAsync();
        (await SchemaReader.TableExistsAsync(database, "sync_instance")).Should().BeFalse();
        (await SchemaReader.TableExistsAsync(database, "pr_person")).Should().BeTrue();

        await scope.Context.Database.MigrateSahanaSyncAsync();
        (await SchemaReader.TableExistsAsync(database, "sync_instance")).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Host_context_reads_and_writes_sync_instance_through_its_own_model()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        var lastUpdate = new DateTime(2026, 11, 26, 8, 30, 0, DateTimeKind.Utc);

        await using (var scope = host.NewContext())
        {
            scope.Context.Set<SyncInstance>().Add(new SyncInstance { BaseUuid = "gal", Owner = "Galle office", LastUpdate = lastUpdate });
            await scope.Context.SaveChangesAsync();
        }

        await using (var scope = host.NewContext())
        {
            var peer = await scope.Context.Set<SyncInstance>().SingleAsync();
            peer.Owner.Should().Be("Galle office");
            peer.SyncCount.Should().Be(0);
            peer.LastUpdate.Should().Be(lastUpdate);
            peer.LastUpdate.Kind.Should().Be(DateTimeKind.Utc);
        }
    }

    [SkippableFact]
    public async Task Every_synced_table_gets_a_unique_index_on_its_uuid_column()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        foreach (var table in new[] { "org_organisation", "pr_person", "cr_shelter", "cr_shelter_registration" })
        {
            (await SchemaReader.UniqueIndexColumnsAsync(database, table)).Should().Contain("uuid", $"{table} is synced");
        }

        (await SchemaReader.UniqueIndexColumnsAsync(database, "org_sector")).Should().BeEmpty("a lookup list is not synced");
    }
}

public sealed class SqliteSyncInstanceMigrationTests : SyncInstanceMigrationTests
{
    // SQLite keeps no lengths: TEXT for every string, whatever the model says.
    protected override IReadOnlyList<ColumnInfo> ExpectedColumns =>
    [
        new("base_uuid", "TEXT", null, false, null, true),
        new("owner", "TEXT", null, true, null, false),
        new("contact", "TEXT", null, true, null, false),
        new("url", "TEXT", null, true, null, false),
        new("last_update", "TEXT", null, false, null, false),
        new("sync_count", "INTEGER", null, false, "0", false),
        new("public_key", "TEXT", null, true, null, false),
    ];

    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSyncInstanceMigrationTests : SyncInstanceMigrationTests
{
    protected override IReadOnlyList<ColumnInfo> ExpectedColumns =>
    [
        new("base_uuid", "character varying", 4, false, null, true),
        new("owner", "character varying", 100, true, null, false),
        new("contact", "text", null, true, null, false),
        new("url", "character varying", 100, true, null, false),
        new("last_update", "timestamp with time zone", null, false, null, false),
        new("sync_count", "integer", null, false, "0", false),
        new("public_key", "text", null, true, null, false),
    ];

    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
