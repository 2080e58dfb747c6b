using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sahana.Sync.Migrations;

/// <summary>
/// Creates <c>sync_lease</c>: which node of a cluster runs a sync with a peer, until when. The ASP.NET Core
/// package's client takes a row here on PostgreSQL, so nodes that share the database never sync the same peer
/// at once. No entity maps it (no host model meets it), like <c>sync_origin</c>. Created on every provider, so
/// a database's schema does not depend on where it runs; SQLite, a single node's database, leaves it empty.
/// </summary>
[DbContext(typeof(SyncMigrationsContext))]
[Migration("20261206100000_CreateSyncLease")]
internal sealed class CreateSyncLease : Migration
{
    /// <summary>The table's name.</summary>
    internal const string TableName = "sync_lease";

    /// <inheritdoc/>
    protected override void Up(MigrationBuilder migrationBuilder)
        => migrationBuilder.CreateTable(
            name: TableName,
            columns: table => new
            {
                name = table.Column<string>(maxLength: 256, nullable: false),
                holder = table.Column<string>(maxLength: 256, nullable: false),
                acquired_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sync_lease", x => x.name));

    /// <inheritdoc/>
    protected override void Down(MigrationBuilder migrationBuilder)
        => migrationBuilder.DropTable(name: TableName);
}
