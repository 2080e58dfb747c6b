using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Adds the keys of signed files: <c>sync_instance.public_key</c>, each peer's public key kept from its first signed
/// file, and <c>sync_import.sender_fingerprint</c>, the key each import was signed with. Both nullable, so every row
/// already there stays valid; by hand and without store types, like <see cref="CreateSyncInstance"/>.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261206000000_AddSyncInstanceKeys")]
internal sealed class AddSyncInstanceKeys : Migration
{
    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "public_key", table: "sync_instance", nullable: true);
        migrationBuilder.AddColumn<string>(name: "sender_fingerprint", table: "sync_import", maxLength: 64, nullable: true);
    }

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // EF's SQLite migrations refuse DropColumn (they would rebuild the table); SQLite has had DROP COLUMN
            // since 3.35, and neither column is in an index or constraint.
            migrationBuilder.Sql("ALTER TABLE \"sync_import\" DROP COLUMN \"sender_fingerprint\";");
            migrationBuilder.Sql("ALTER TABLE \"sync_instance\" DROP COLUMN \"public_key\";");
            return;
        }

        migrationBuilder.DropColumn(name: "sender_fingerprint", table: "sync_import");
        migrationBuilder.DropColumn(name: "public_key", table: "sync_instance");
    }
}
