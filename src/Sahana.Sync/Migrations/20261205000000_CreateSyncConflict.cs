using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_conflict</c>, the conflict log (<see cref="SyncConflictRecord"/>). By hand and without store types,
/// like <see cref="CreateSyncImport"/>.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261205000000_CreateSyncConflict")]
internal sealed class CreateSyncConflict : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sync_conflict",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                import_id = table.Column<Guid>(nullable: false),
                recorded_at = table.Column<DateTime>(nullable: false),
                table_name = table.Column<string>(maxLength: 128, nullable: false),
                uuid = table.Column<string>(maxLength: 256, nullable: false),
                winner = table.Column<int>(nullable: false),
                sender = table.Column<string>(maxLength: 4, nullable: true),
                loser_modified_on = table.Column<DateTime>(nullable: false),
                winner_modified_on = table.Column<DateTime>(nullable: false),
                loser_deleted = table.Column<bool>(nullable: false),
                loser_values = table.Column<string>(nullable: false),
                winner_values = table.Column<string>(nullable: false),
                state = table.Column<int>(nullable: false),
                resolved_by = table.Column<string>(maxLength: 256, nullable: true),
                resolved_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_sync_conflict", x => x.id));

        migrationBuilder.CreateIndex(
            name: "IX_sync_conflict_state_recorded_at", table: "sync_conflict", columns: ["state", "recorded_at"]);
        migrationBuilder.CreateIndex(
            name: "IX_sync_conflict_table_name_uuid", table: "sync_conflict", columns: ["table_name", "uuid"]);
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: "sync_conflict");
}
