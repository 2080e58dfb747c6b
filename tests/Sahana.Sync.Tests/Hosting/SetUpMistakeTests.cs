using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Hosting;

/// <summary>
/// The set-up steps a newcomer leaves out or takes in the wrong order: each gets a
/// <see cref="SyncConfigurationException"/> that names the missing call, instead of the provider's error.
/// </summary>
public abstract class SetUpMistakeTests : DatabaseTests
{
    [SkippableFact]
    public async Task An_export_without_MigrateSahanaSyncAsync_names_the_missing_call()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using (var scoped = host.NewContext())
        {
            await scoped.Context.Database.EnsureCreatedAsync();
        }

        var export = () => host.ExportAsync();

        (await export.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage("*'sync_instance'*MigrateSahanaSyncAsync()*");
    }

    [SkippableFact]
    public async Task An_import_without_MigrateSahanaSyncAsync_names_the_missing_call_and_works_once_it_is_made()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using (var scoped = host.NewContext())
        {
            await scoped.Context.Database.EnsureCreatedAsync();
        }

        var import = () => host.ImportAsync("TABLE pr_person\r\n\r\n\r\nEND");

        (await import.Should().ThrowAsync<SyncConfigurationException>()).WithMessage("*MigrateSahanaSyncAsync()*");
        await using (var scoped = host.NewContext())
        {
            await scoped.Context.Database.MigrateSahanaSyncAsync();
        }

        await import.Should().NotThrowAsync("the check is made again after a failure");
    }

    [SkippableFact]
    public async Task A_database_not_migrated_since_an_upgrade_names_the_missing_call()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using (var scoped = host.NewContext())
        {
            await scoped.Context.Database.EnsureCreatedAsync();
            await using var migrations = Sahana.Sync.Migrations.SyncMigrations.CreateContext(scoped.Context);
            await migrations.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261126120000_CreateSyncImport");
        }

        var export = () => host.ExportAsync();

        (await export.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage("*'sync_conflict'*MigrateSahanaSyncAsync()*", "the package's newer migrations were not applied");
    }

    [SkippableFact]
    public async Task MigrateSahanaSyncAsync_before_EnsureCreated_names_the_order()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using (var scoped = host.NewContext())
        {
            await scoped.Context.Database.MigrateSahanaSyncAsync();
            await scoped.Context.Database.EnsureCreatedAsync();
        }

        var export = () => host.ExportAsync();

        (await export.Should().ThrowAsync<SyncConfigurationException>())
            .WithMessage("*of ReliefContext's model is not in the database*EnsureCreated()*first*");
    }

    [SkippableFact]
    public async Task A_context_built_with_new_and_UseSahanaSync_stamps_its_saves()
    {
        await using var database = await CreateDatabaseAsync();
        var builder = new DbContextOptionsBuilder<ReliefContext>();
        database.Configure(builder);
        var options = builder.UseSahanaSync().Options;
        await using (var context = new ReliefContext(options))
        {
            await context.Database.EnsureCreatedAsync();
            await context.Database.MigrateSahanaSyncAsync();
            context.People.AddRange(new PrPerson { FirstName = "Amal" }, new PrPerson { FirstName = "Nimal" });
            await context.SaveChangesAsync();
        }

        await using (var context = new ReliefContext(options))
        {
            var people = await context.People.OrderBy(p => p.Id).ToListAsync();
            people.Should().HaveCount(2).And.OnlyContain(p => p.Uuid.Length == 36 && p.ModifiedOn > DateTime.UnixEpoch);
            people[1].ModifiedOn.Should().BeAfter(people[0].ModifiedOn);
            context.Remove(people[0]);
            await context.SaveChangesAsync();
        }

        await using (var context = new ReliefContext(options))
        {
            (await context.People.CountAsync(p => p.Deleted)).Should().Be(1, "Remove() became a tombstone");
        }
    }

    [SkippableFact]
    public async Task A_context_built_with_new_without_UseSahanaSync_names_the_missing_call()
    {
        await using var database = await CreateDatabaseAsync();
        var builder = new DbContextOptionsBuilder<ReliefContext>();
        database.Configure(builder);
        await using var context = new ReliefContext(builder.Options);
        await context.Database.EnsureCreatedAsync();
        context.People.AddRange(new PrPerson { FirstName = "Amal" }, new PrPerson { FirstName = "Nimal" });

        var save = () => context.SaveChangesAsync();

        var thrown = (await save.Should().ThrowAsync<Exception>()).Which;
        var clear = Chain(thrown).OfType<SyncConfigurationException>()
            .Should().ContainSingle("the provider's UNIQUE error names neither cause nor fix").Subject;
        clear.Message.Should().Contain("'PrPerson'").And.Contain("optionsBuilder.UseSahanaSync()");
    }

    [SkippableFact]
    public async Task A_host_that_also_calls_UseSahanaSync_stamps_once_from_the_engines_clock()
    {
        await using var database = await CreateDatabaseAsync();
        var clock = new TestClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDbContext<ReliefContext>(o =>
        {
            database.Configure(o);
            o.UseSahanaSync();
        });
        services.AddSahanaSync<ReliefContext>(o => o.InstanceId = "col");
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ReliefContext>();
        await context.Database.EnsureCreatedAsync();

        var person = new PrPerson();
        context.People.Add(person);
        await context.SaveChangesAsync();

        person.ModifiedOn.Should().Be(
            clock.Now.UtcDateTime, "the host's clock stamps, once; a second stamp would be 1 µs later");
    }

    [SkippableFact]
    public async Task ModifiedOn_reads_back_as_UTC()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await host.EditAsync(db => db.People.Add(new PrPerson { FirstName = "Amal" }));

        await using var scoped = host.NewContext();
        var person = await scoped.Context.People.SingleAsync();

        person.ModifiedOn.Kind.Should().Be(DateTimeKind.Utc);
        person.ModifiedOn.Should().Be(host.Time.Now.UtcDateTime);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}

public sealed class SqliteSetUpMistakeTests : SetUpMistakeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresSetUpMistakeTests : SetUpMistakeTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
