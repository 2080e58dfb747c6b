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
}
