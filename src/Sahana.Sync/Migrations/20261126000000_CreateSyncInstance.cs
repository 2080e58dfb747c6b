using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates the blueprint's <c>sync_instance</c> table. Written by hand without store types, so each
/// provider picks its own for the CLR type and length: <c>character varying(4)</c> and
/// <c>timestamp with time zone</c> on PostgreSQL, <c>TEXT</c> and <c>INTEGER</c> on SQLite.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261126000000_CreateSyncInstance")]
internal sealed class CreateSyncInstance : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sync_instance",
            columns: table => new
            {
                base_uuid = table.Column<string>(maxLength: 4, nullable: false),
                owner = table.Column<string>(maxLength: 100, nullable: true),
                contact = table.Column<string>(nullable: true),
                url = table.Column<string>(maxLength: 100, nullable: true),
                last_update = table.Column<DateTime>(nullable: false),
                sync_count = table.Column<int>(nullable: false, defaultValue: 0),
            },
            constraints: table => table.PrimaryKey("PK_sync_instance", x => x.base_uuid));
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: "sync_instance");
}
