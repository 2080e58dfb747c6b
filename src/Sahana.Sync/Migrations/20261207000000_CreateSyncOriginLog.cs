using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_origin_log</c>, where an import appends the origins it writes, to be folded into
/// <c>sync_origin</c> later (<see cref="Storage.SyncOrigins"/>). No key and no index: an append costs no look-up,
/// where an upsert into <c>sync_origin</c>'s index of uuids cost about as much as writing the row itself.
/// By hand and without store types, like <see cref="CreateSyncOrigin"/>.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261207000000_CreateSyncOriginLog")]
internal sealed class CreateSyncOriginLog : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: Storage.SyncOrigins.LogTableName,
            columns: table => new
            {
                table_name = table.Column<string>(maxLength: 128, nullable: false),
                uuid = table.Column<string>(nullable: false),
                sender = table.Column<string>(maxLength: 4, nullable: false),
                modified_on = table.Column<DateTime>(nullable: false),
                seq = table.Column<long>(nullable: false),
            });

        // Not WAL-logged on PostgreSQL: a crash empties the log, which only lets the echoes of the rows it held go
        // back once more, and each import's append and each fold's delete skip writing the log twice.
        if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            migrationBuilder.Sql($"ALTER TABLE \"{Storage.SyncOrigins.LogTableName}\" SET UNLOGGED");
        }
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: Storage.SyncOrigins.LogTableName);
}
