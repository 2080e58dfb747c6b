using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Hosting;

namespace Sahana.Sync.Model;

/// <summary>
/// Plugs Sahana.Sync's model check into EF's own model building, the way naming-convention plugins do,
/// so a broken contract fails when the model is built rather than in the middle of a sync.
/// </summary>
/// <remarks>
/// It also names the <see cref="SyncServices"/> whose interceptor stamps the context's saves: where both the host's
/// <c>AddSahanaSync&lt;TContext&gt;()</c> and <c>optionsBuilder.UseSahanaSync()</c> attached one, only the
/// host's stamps, so the engine and the saves share one clock.
/// </remarks>
internal sealed class SahanaSyncOptionsExtension(SyncServices? services = null, bool fromHost = false)
    : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>Gets the services whose clock stamps this context's saves.</summary>
    internal SyncServices? Services { get; } = services;

    /// <summary>Gets whether <see cref="Services"/> came from the host's <c>AddSahanaSync</c>.</summary>
    internal bool FromHost { get; } = fromHost;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
        => services.AddSingleton<IConventionSetPlugin, SyncConventionSetPlugin>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using Sahana.Sync ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["Sahana.Sync"] = "1";
    }
}
