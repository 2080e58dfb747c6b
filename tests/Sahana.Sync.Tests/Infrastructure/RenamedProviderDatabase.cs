using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Sqlite.Infrastructure.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A SQLite database whose EF provider goes by another name: the smallest relational provider Sahana.Sync does
/// not know. Everything but the name is SQLite's, so a refusal can only come from the name.
/// </summary>
public sealed class RenamedProviderDatabase : TestDatabase
{
    /// <summary>The name the provider goes by.</summary>
    public const string Name = "Contoso.EntityFrameworkCore.Unknown";

    public override string ProviderName => "SQLite renamed";

    /// <summary>Gets the same database file under SQLite's own name, to set it up as a supported host would.</summary>
    public SqliteTestDatabase Sqlite { get; } = new();

    public override void Configure(DbContextOptionsBuilder options)
    {
        Sqlite.Configure(options);
        options.ReplaceService<IDatabaseProvider, RenamedProvider>();
    }

    public override DbConnection OpenConnection() => Sqlite.OpenConnection();

    public override ValueTask DisposeAsync() => Sqlite.DisposeAsync();

#pragma warning disable EF1001 // SQLite's options extension is internal API; the provider is only renamed.
    private sealed class RenamedProvider(DatabaseProviderDependencies dependencies)
        : DatabaseProvider<SqliteOptionsExtension>(dependencies)
    {
        public override string Name => RenamedProviderDatabase.Name;
    }
#pragma warning restore EF1001
}
