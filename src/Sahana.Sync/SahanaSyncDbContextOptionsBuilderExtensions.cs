using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sahana.Sync;
using Sahana.Sync.Hosting;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds Sahana.Sync's stamping to a context's options, for contexts made outside DI.</summary>
public static class SahanaSyncDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Stamps the synced entities of contexts built with these options (<c>new ReliefDb(options)</c> in a test or
    /// a tool, or in <c>OnConfiguring</c>): a uuid for new rows, the modified-on stamp from a hybrid logical
    /// clock, and a tombstone instead of a delete; and checks the model's sync contract when it is built.
    /// </summary>
    /// <remarks>
    /// A host that calls <c>services.AddSahanaSync&lt;TContext&gt;()</c> needs nothing here: that attaches the
    /// same to the context it resolves, and where both are present the host's registration stamps (its clock is
    /// the one its exporter and engine use) and <paramref name="configure"/> is not used. Contexts built from
    /// one options instance share one clock; keep the options, rather than building them for every context.
    /// </remarks>
    /// <param name="optionsBuilder">The builder of the context's options.</param>
    /// <param name="configure">
    /// Sets how rows are stamped (<see cref="SahanaSyncOptions.UuidGenerator"/>,
    /// <see cref="SahanaSyncOptions.TombstoneOnRemove"/>); <see langword="null"/> for the defaults.
    /// </param>
    /// <returns>The same builder, so calls chain.</returns>
    public static DbContextOptionsBuilder UseSahanaSync(
        this DbContextOptionsBuilder optionsBuilder, Action<SahanaSyncOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        var options = new SahanaSyncOptions();
        configure?.Invoke(options);
        var loggers = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.LoggerFactory
            ?? (ILoggerFactory)NullLoggerFactory.Instance;
        var services = new SyncServices(options, TimeProvider.System, loggers);
        SyncContextOptions.Attach(optionsBuilder, services, fromHost: false);
        return optionsBuilder;
    }

    /// <summary>
    /// Stamps the synced entities of contexts built with these options; see
    /// <see cref="UseSahanaSync(DbContextOptionsBuilder, Action{SahanaSyncOptions})"/>.
    /// </summary>
    /// <typeparam name="TContext">The context the options are for.</typeparam>
    /// <param name="optionsBuilder">The builder of the context's options.</param>
    /// <param name="configure">Sets how rows are stamped; <see langword="null"/> for the defaults.</param>
    /// <returns>The same builder, so calls chain.</returns>
    public static DbContextOptionsBuilder<TContext> UseSahanaSync<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, Action<SahanaSyncOptions>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseSahanaSync((DbContextOptionsBuilder)optionsBuilder, configure);
}
