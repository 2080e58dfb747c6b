using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// Checks, before the first export, import or page of a process, that the tables a sync reads and writes are
/// in the database, so a set-up step left out is named instead of surfacing as the provider's
/// "no such table" in the middle of a sync.
/// </summary>
internal static class SchemaCheck
{
    /// <summary>
    /// Probes every synced table of <paramref name="plan"/>, then Sahana.Sync's own tables, with a query that
    /// reads no row.
    /// </summary>
    /// <exception cref="SyncConfigurationException">
    /// The context's provider is not supported, or a table is missing; the message names the call to make.
    /// </exception>
    internal static async Task EnsureAsync(DbContext context, SyncPlan plan, CancellationToken cancellationToken)
    {
        // Before any statement: the probe's own failure is read the provider's way.
        var dialect = SqlDialect.For(context.Database);
        var sql = context.GetService<ISqlGenerationHelper>();
        var runner = new CommandRunner(context);
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The host's tables first: where none is there, creating the host's schema is the first thing to do.
            // sync_origin and its log have no entity (no host model meets them), so they go by their names.
            var own = new[]
            {
                SyncInstanceConfiguration.TableName, SyncImportConfiguration.TableName,
                SyncConflictConfiguration.TableName, SyncOrigins.TableName, SyncOrigins.LogTableName,
                SyncImportFailureConfiguration.TableName,
            };
            var tables = plan.SyncedTables.Select(t => (t.Mapping.Name, t.Mapping.Schema))
                .Concat(own.Select(name => plan.Find(name)?.Mapping is { } mapping
                    ? (mapping.Name, mapping.Schema)
                    : (name, null)));
            foreach (var table in tables)
            {
                var command = runner.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
#pragma warning disable CA2100 // Built only from a table name in EF's model, quoted by the provider.
                    var name = sql.DelimitIdentifier(table.Name, table.Schema);
                    command.CommandText = $"SELECT 1 FROM {name} WHERE 1 = 0";
#pragma warning restore CA2100
                    try
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await reader.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (DbException e) when (dialect.IsMissingTable(e))
                    {
                        throw new SyncConfigurationException(Explain(context, table.Name, own.Contains(table.Name)), e);
                    }
                }
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static string Explain(DbContext context, string table, bool ours)
    {
        var name = context.GetType().Name;
        return ours
            ? $"Sahana.Sync's table '{table}' is not in {name}'s database: call "
                + "'await context.Database.MigrateSahanaSyncAsync()' once at start-up, after the host's own "
                + "EnsureCreated() or Migrate(). It creates Sahana.Sync's tables, or brings them up to date."
            : $"The table '{table}' of {name}'s model is not in the database: create the host's tables "
                + "(Database.EnsureCreated() or Migrate()) first, then call Database.MigrateSahanaSyncAsync(). "
                + "EnsureCreated() creates nothing in a database that already has tables, Sahana.Sync's included, "
                + "so calling MigrateSahanaSyncAsync() before it leaves the host's tables uncreated.";
    }
}
