using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sahana.Sync.Migrations;

/// <summary>Builds a <see cref="SyncMigrationsContext"/> that shares the host context's provider and connection.</summary>
internal static class SyncMigrations
{
    /// <summary>
    /// Creates the migrations context from the host's final options (those of <c>OnConfiguring</c> included):
    /// the same provider and connection, our migrations assembly and history table, and no host model.
    /// </summary>
    internal static SyncMigrationsContext CreateContext(DbContext host)
    {
        var connection = host.Database.GetDbConnection();
        var extensions = new Dictionary<Type, IDbContextOptionsExtension>();
        foreach (var extension in host.GetService<IDbContextOptions>().Extensions)
        {
            var adapted = extension switch
            {
                // The host's compiled model, if any, describes the host's tables, not ours.
                CoreOptionsExtension core => core.WithModel(null).WithWarningsConfiguration(
                    core.WarningsConfiguration.WithExplicit([RelationalEventId.PendingModelChangesWarning], WarningBehavior.Ignore)),
                RelationalOptionsExtension relational => relational
                    .WithConnectionString(null)
                    .WithConnection(connection, owned: false)
                    .WithMigrationsAssembly(typeof(SyncMigrationsContext).Assembly.GetName().Name)
                    .WithMigrationsHistoryTableName(SyncMigrationsContext.HistoryTable)
                    .WithMigrationsHistoryTableSchema(null),
                _ => extension,
            };
            extensions[adapted.GetType()] = adapted;
        }

        return new SyncMigrationsContext(new DbContextOptions<SyncMigrationsContext>(extensions));
    }

    /// <summary>Applies every pending Sahana.Sync migration on the host's connection.</summary>
    internal static async Task MigrateAsync(DbContext host, CancellationToken cancellationToken)
    {
        var context = CreateContext(host);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Names the Sahana.Sync migrations not yet applied to the host's database.</summary>
    internal static async Task<IReadOnlyList<string>> GetPendingAsync(DbContext host, CancellationToken cancellationToken)
    {
        var context = CreateContext(host);
        await using (context.ConfigureAwait(false))
        {
            return [.. await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
        }
    }

    private static RelationalOptionsExtension WithConnectionString(this RelationalOptionsExtension extension, string? connectionString)
        => extension.ConnectionString is null ? extension : extension.WithConnectionString(connectionString);
}
