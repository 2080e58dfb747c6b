using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Stamping;

public abstract class StampingTests : DatabaseTests
{
    private static readonly DateTime Start = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    [SkippableFact]
    public async Task Uuid_is_assigned_on_insert_as_a_lowercase_version_7_uuid()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        await using var scope = host.NewContext();
        var person = new PrPerson { FirstName = "Saman" };
        scope.Context.People.Add(person);
        await scope.Context.SaveChangesAsync();

        Guid.TryParseExact(person.Uuid, "D", out var parsed).Should().BeTrue();
        person.Uuid.Should().Be(person.Uuid.ToLowerInvariant());
        parsed.Version.Should().Be(7);
    }

    [SkippableFact]
    public async Task Uuid_given_by_the_host_is_kept_on_insert_and_on_update()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        const string eden = "urn:uuid:d788c7cc-9ded-44fd-8698-06eaf81f5c80";

        await using (var scope = host.NewContext())
        {
            scope.Context.People.Add(new PrPerson { FirstName = "Saman", Uuid = eden });
            await scope.Context.SaveChangesAsync();
        }

        await using (var scope = host.NewContext())
        {
            var person = await scope.Context.People.SingleAsync();
            person.FirstName = "Saman K.";
            await scope.Context.SaveChangesAsync();
        }

        await using (var scope = host.NewContext())
        {
            (await scope.Context.People.SingleAsync()).Uuid.Should().Be(eden);
        }
    }

    [SkippableFact]
    public async Task Configured_uuid_generator_is_used_for_new_rows()
    {
        await using var database = await CreateDatabaseAsync();
        var next = 0;
        await using var host = new SyncTestHost<ReliefContext>(database, configure: o => o.UuidGenerator = () => $"col-{++next}");
        await host.CreateSchemaAsync();

        await using var scope = host.NewContext();
        scope.Context.People.AddRange(new PrPerson(), new PrPerson());
        await scope.Context.SaveChangesAsync();

        scope.Context.People.Local.Select(p => p.Uuid).Should().BeEquivalentTo(["col-1", "col-2"]);
    }

    [SkippableFact]
    public async Task ModifiedOn_is_stamped_in_utc_on_insert_and_update()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();

        await using (var scope = host.NewContext())
        {
            scope.Context.People.Add(new PrPerson { FirstName = "Ana" });
            await scope.Context.SaveChangesAsync();
        }

        host.Time.Advance(TimeSpan.FromMinutes(5));
        await using (var scope = host.NewContext())
        {
            var person = await scope.Context.People.SingleAsync();
            AsUtc(person.ModifiedOn).Should().Be(Start);
            person.Comments = "arrived";
            await scope.Context.SaveChangesAsync();
            person.ModifiedOn.Kind.Should().Be(DateTimeKind.Utc);
        }

        await using (var scope = host.NewContext())
        {
            AsUtc((await scope.Context.People.SingleAsync()).ModifiedOn).Should().Be(Start.AddMinutes(5));
        }
    }

    [SkippableFact]
    public async Task ModifiedOn_never_goes_backwards_when_the_clock_is_set_back()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await using var scope = host.NewContext();
        var person = new PrPerson { FirstName = "Ana" };
        scope.Context.People.Add(person);
        await scope.Context.SaveChangesAsync();
        var first = person.ModifiedOn;

        host.Time.SetUtcNow(host.Time.GetUtcNow().AddHours(-3));
        person.Comments = "after the clock was set back";
        await scope.Context.SaveChangesAsync();

        person.ModifiedOn.Should().BeAfter(first);
        person.ModifiedOn.Should().Be(first.AddTicks(10), "the hybrid logical clock moves one microsecond past the last stamp");
    }

    [SkippableFact]
    public async Task ModifiedOn_never_goes_backwards_after_a_restart_with_the_clock_set_back()
    {
        await using var database = await CreateDatabaseAsync();
        DateTime first;
        await using (var host = new SyncTestHost<ReliefContext>(database))
        {
            await host.CreateSchemaAsync();
            await using var scope = host.NewContext();
            var person = new PrPerson { FirstName = "Ana" };
            scope.Context.People.Add(person);
            await scope.Context.SaveChangesAsync();
            first = person.ModifiedOn;
        }

        var earlier = new TestClock(new DateTimeOffset(Start.AddDays(-1)));
        await using (var restarted = new SyncTestHost<ReliefContext>(database, time: earlier))
        {
            await using var scope = restarted.NewContext();
            scope.Context.Organisations.Add(new OrgOrganisation { Name = "Relief" });
            await scope.Context.SaveChangesAsync();

            AsUtc(scope.Context.Organisations.Local.Single().ModifiedOn).Should().BeAfter(first);
        }
    }

    [SkippableFact]
    public async Task Stamps_are_whole_microseconds_and_read_back_exactly()
    {
        await using var database = await CreateDatabaseAsync();
        var odd = new TestClock(new DateTimeOffset(Start.AddTicks(1234567)));
        await using var host = new SyncTestHost<ReliefContext>(database, time: odd);
        await host.CreateSchemaAsync();
        DateTime stamped;
        await using (var scope = host.NewContext())
        {
            var person = new PrPerson();
            scope.Context.People.Add(person);
            await scope.Context.SaveChangesAsync();
            stamped = person.ModifiedOn;
        }

        stamped.Ticks.Should().Be(Start.AddTicks(1234560).Ticks);
        await using (var scope = host.NewContext())
        {
            AsUtc((await scope.Context.People.SingleAsync()).ModifiedOn).Should().Be(stamped);
        }
    }

    [SkippableFact]
    public async Task Remove_becomes_a_stamped_tombstone()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await using (var scope = host.NewContext())
        {
            scope.Context.People.Add(new PrPerson { FirstName = "Ana" });
            await scope.Context.SaveChangesAsync();
        }

        host.Time.Advance(TimeSpan.FromSeconds(30));
        await using (var scope = host.NewContext())
        {
            scope.Context.People.Remove(await scope.Context.People.SingleAsync());
            await scope.Context.SaveChangesAsync();
        }

        await using (var scope = host.NewContext())
        {
            var tombstone = await scope.Context.People.SingleAsync();
            tombstone.Deleted.Should().BeTrue();
            tombstone.FirstName.Should().Be("Ana");
            AsUtc(tombstone.ModifiedOn).Should().Be(Start.AddSeconds(30));
        }
    }

    [SkippableFact]
    public async Task Remove_deletes_the_row_when_the_host_opts_out_of_tombstones()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database, configure: o => o.TombstoneOnRemove = false);
        await host.CreateSchemaAsync();
        await using (var scope = host.NewContext())
        {
            scope.Context.People.Add(new PrPerson { FirstName = "Ana" });
            await scope.Context.SaveChangesAsync();
            scope.Context.People.Remove(scope.Context.People.Local.Single());
            await scope.Context.SaveChangesAsync();
        }

        await using (var scope = host.NewContext())
        {
            (await scope.Context.People.CountAsync()).Should().Be(0);
        }
    }

    [SkippableFact]
    public async Task Synchronous_SaveChanges_stamps_too()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await using var scope = host.NewContext();
        var organisation = new OrgOrganisation { Name = "Relief" };
        scope.Context.Organisations.Add(organisation);

        scope.Context.SaveChanges();

        organisation.Uuid.Should().NotBeNullOrEmpty();
        organisation.ModifiedOn.Should().Be(Start);
    }

    [SkippableFact]
    public async Task Tables_that_are_not_syncable_are_saved_untouched()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await using var scope = host.NewContext();
        scope.Context.Sectors.Add(new OrgSector { Id = 1, Name = "Health" });
        await scope.Context.SaveChangesAsync();
        scope.Context.Sectors.Remove(scope.Context.Sectors.Local.Single());
        await scope.Context.SaveChangesAsync();

        (await scope.Context.Sectors.CountAsync()).Should().Be(0, "only syncable entities become tombstones");
    }

    private static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

public sealed class SqliteStampingTests : StampingTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresStampingTests : StampingTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
