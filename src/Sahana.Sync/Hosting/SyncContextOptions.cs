using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sahana.Sync.Model;

namespace Sahana.Sync.Hosting;

/// <summary>
/// Attaches Sahana.Sync to a context's options, the one path for <c>AddSahanaSync&lt;TContext&gt;()</c> and
/// <c>optionsBuilder.UseSahanaSync()</c>: the model check and the stamping interceptor.
/// </summary>
internal static class SyncContextOptions
{
    internal static void Attach(DbContextOptionsBuilder builder, SyncServices services, bool fromHost)
    {
        var existing = builder.Options.FindExtension<SahanaSyncOptionsExtension>();
        if (existing?.Services == services || (existing is { FromHost: true } && !fromHost))
        {
            // Attached already, or the host's registration owns stamping and its clock is the engine's.
            return;
        }

        var extension = new SahanaSyncOptionsExtension(services, fromHost);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(extension);
        builder.AddInterceptors(services.Interceptor);
    }
}
