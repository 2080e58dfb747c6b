using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.Hosting;

/// <summary>
/// The synced context of one DI scope with this instance's options, for code that does not know the host's
/// context type: the ASP.NET Core package reads this instance's identity and its peers' <c>sync_instance</c>
/// rows through it. Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>.
/// </summary>
internal sealed class SyncScope(DbContext context, SyncServices services)
{
    internal DbContext Context { get; } = context;

    internal SahanaSyncOptions Options => services.Options;

    /// <summary>Gets this instance's public key as <c>…/instance</c> publishes it, or null when it signs nothing.</summary>
    internal string? PublicKey => services.SigningKey?.PublicKey;

    /// <summary>Gets where this instance parks files that hold its rows: readable by its owner only, gone with the process.</summary>
    internal Import.SpillFolder Spills => services.Spills;

    /// <summary>Checks once per process that the synced tables and Sahana.Sync's own are in the database.</summary>
    /// <exception cref="SyncConfigurationException">A table is missing; the message names the missing call.</exception>
    internal Task EnsureSchemaAsync(CancellationToken cancellationToken)
        => services.EnsureSchemaAsync(Context, cancellationToken);

    /// <summary>
    /// The <c>last_update</c> this database holds for a peer, on the peer's own clock (UTC), or null when it
    /// never imported from it: where a delta asked of, or for, that peer starts. A row with no sync counted is
    /// a peer this instance only pushed to (the client records its url): nothing was imported from it yet.
    /// </summary>
    internal Task<DateTime?> LastUpdateOfAsync(string baseUuid, CancellationToken cancellationToken)
        => Context.Set<SyncInstance>().AsNoTracking()
            .Where(i => i.BaseUuid == baseUuid && i.SyncCount > 0)
            .Select(i => (DateTime?)i.LastUpdate)
            .FirstOrDefaultAsync(cancellationToken);
}
