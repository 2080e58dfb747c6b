using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_origin</c>: for each synced row whose current version an import wrote, the instance that sent
/// it and its stamp, so a delta for that instance leaves the row out (<see cref="ExportOptions.Recipient"/>). By
/// hand and without store types, like <see cref="CreateSyncInstance"/>; no entity maps it, so a host's compiled
/// model never meets an internal type of ours.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261204000000_CreateSyncOrigin")]
internal sealed class CreateSyncOrigin : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.CreateTable(
            name: Storage.SyncOrigins.TableName,
            columns: table => new
            {
                table_name = table.Column<string>(maxLength: 128, nullable: false),
                uuid = table.Column<string>(nullable: false),
                sender = table.Column<string>(maxLength: 4, nullable: false),
                modified_on = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sync_origin", x => new { x.table_name, x.uuid }));

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: Storage.SyncOrigins.TableName);
}
