using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_import</c>, the history of committed imports. By hand and without store types, like
/// <see cref="CreateSyncInstance"/>; the key is a uuid made by the importer, so no provider's identity
/// annotation is needed.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261126120000_CreateSyncImport")]
internal sealed class CreateSyncImport : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sync_import",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                started_at = table.Column<DateTime>(nullable: false),
                finished_at = table.Column<DateTime>(nullable: false),
                received_at = table.Column<DateTime>(nullable: false),
                sender = table.Column<string>(maxLength: 4, nullable: true),
                source = table.Column<string>(maxLength: 256, nullable: true),
                restore = table.Column<bool>(nullable: false),
                inserted = table.Column<long>(nullable: false),
                updated = table.Column<long>(nullable: false),
                unchanged = table.Column<long>(nullable: false),
                older_skipped = table.Column<long>(nullable: false),
                conflicts = table.Column<long>(nullable: false),
                tombstones = table.Column<long>(nullable: false),
                oldest_change = table.Column<DateTime>(nullable: true),
                summary = table.Column<string>(maxLength: 16_000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sync_import", x => x.id));

        migrationBuilder.CreateIndex(name: "IX_sync_import_received_at", table: "sync_import", column: "received_at");
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: "sync_import");
}
