using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_import_failure</c>, the record of imports that failed (<see cref="SyncImportFailure"/>). By hand
/// and without store types, like <see cref="CreateSyncImport"/>.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261206120000_CreateSyncImportFailure")]
internal sealed class CreateSyncImportFailure : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sync_import_failure",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                failed_at = table.Column<DateTime>(nullable: false),
                sender = table.Column<string>(maxLength: 4, nullable: true),
                source = table.Column<string>(maxLength: 256, nullable: true),
                error = table.Column<string>(maxLength: 128, nullable: false),
                message = table.Column<string>(maxLength: 4000, nullable: false),
                table_name = table.Column<string>(maxLength: 128, nullable: true),
                line = table.Column<long>(nullable: true),
                column_name = table.Column<string>(maxLength: 128, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_sync_import_failure", x => x.id));

        migrationBuilder.CreateIndex(
            name: "IX_sync_import_failure_failed_at", table: "sync_import_failure", column: "failed_at");
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: "sync_import_failure");
}
