using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Storage;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Storage;

/// <summary>
/// Issue 18: a provider Sahana.Sync is not tested with is refused when a context of it is first used, naming it
/// and the two supported, instead of running SQL whose correctness under concurrent writers nobody checked.
/// </summary>
public sealed class SqlDialectTests
{
    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.Sqlite", typeof(SqliteDialect))]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL", typeof(PostgresDialect))]
    public void Each_supported_provider_has_its_own_dialect(string provider, Type dialect)
    {
        var found = SqlDialect.For(provider);

        found.Should().BeOfType(dialect);
        found.ProviderName.Should().Be(provider);
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.SqlServer")]
    [InlineData("Microsoft.EntityFrameworkCore.InMemory")]
    public void An_unknown_provider_is_refused_naming_it_and_the_two_supported(string provider)
    {
        var find = () => SqlDialect.For(provider);

        find.Should().Throw<SyncConfigurationException>()
            .WithMessage($"*'{provider}'*Microsoft.EntityFrameworkCore.Sqlite*Npgsql.EntityFrameworkCore.PostgreSQL*");
    }

    [Fact]
    public async Task MigrateSahanaSyncAsync_on_a_context_of_an_unknown_provider_is_refused_naming_it()
    {
        await using var database = new RenamedProviderDatabase();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scoped = host.NewContext();

        var migrate = () => scoped.Context.Database.MigrateSahanaSyncAsync();

        (await migrate.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage($"*'{RenamedProviderDatabase.Name}'*Sqlite*PostgreSQL*");
    }

    [Fact]
    public async Task An_export_from_a_context_of_an_unknown_provider_is_refused_naming_it()
    {
        await using var database = new RenamedProviderDatabase();
        await SetUpAsSqliteAsync(database);
        await using var host = new SyncTestHost<ReliefContext>(database);

        var export = () => host.ExportAsync();

        (await export.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage($"*'{RenamedProviderDatabase.Name}'*Sqlite*PostgreSQL*");
    }

    [Fact]
    public async Task An_import_into_a_context_of_an_unknown_provider_is_refused_and_writes_nothing()
    {
        await using var database = new RenamedProviderDatabase();
        await SetUpAsSqliteAsync(database);
        await using var host = new SyncTestHost<ReliefContext>(database);

        var import = () => host.ImportAsync(
            "TABLE pr_person\r\npr_person.id,pr_person.uuid,pr_person.first_name,pr_person.modified_on\r\n"
            + "1,p-1,Asha,2026-11-26 09:00:00\r\n\r\n\r\nEND");

        (await import.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage($"*'{RenamedProviderDatabase.Name}'*");
        await using var sqlite = new SyncTestHost<ReliefContext>(database.Sqlite);
        await using var scoped = sqlite.NewContext();
        scoped.Context.People.Should().BeEmpty();
    }

    // The tables made as a supported host makes them, so that only the provider's name is wrong.
    private static async Task SetUpAsSqliteAsync(RenamedProviderDatabase database)
    {
        await using var sqlite = new SyncTestHost<ReliefContext>(database.Sqlite);
        await sqlite.CreateSchemaAsync();
    }
}
