using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// On PostgreSQL the import locks the local rows of a batch as it reads them, and never waits for a lock a
/// host's transaction holds: it waits such a transaction out from a savepoint, a few seconds at most, and
/// then gives up. So a host's transaction is never the victim of a deadlock with an import, and a row the
/// host changes mid-import is decided on its committed version instead of failing the import.
/// (SQLite has one writer at a time: the host's saves wait for the import's write transaction.)
/// </summary>
public sealed class PostgresRowLockTests : DatabaseTests
{
    private const int People = 50;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();

    [SkippableFact]
    public async Task An_import_waits_out_a_host_transaction_holding_a_row_and_keeps_the_hosts_newer_edit()
    {
        await using var sites = await PeopleSites.CreateAsync(CreateDatabaseAsync, People);
        await using var scope = sites.Host.NewContext();
        var held = await scope.Context.People.OrderBy(p => p.Id).Skip(People / 2).FirstAsync();
        await using var transaction = await scope.Context.Database.BeginTransactionAsync();
        held.LastName = "edited here, committed during the import";
        await scope.Context.SaveChangesAsync();

        var import = sites.Host.ImportAsync(sites.File, PeopleSites.Options);
        await Task.Delay(300);
        import.IsCompleted.Should().BeFalse("the import waits for the row the host holds");
        await transaction.CommitAsync();
        var report = await import.WaitAsync(TimeSpan.FromSeconds(30));

        report.Tables.Single(t => t.Table == "pr_person").Updated.Should().Be(People - 1);
        var people = await sites.PeopleAsync();
        people.Single(p => p.Uuid == held.Uuid).LastName.Should().Be("edited here, committed during the import");
        people.Where(p => p.Uuid != held.Uuid).Should().OnlyContain(p => p.LastName == PeopleSites.FromFile);
    }

    [SkippableFact]
    public async Task A_host_transaction_that_waits_for_the_import_while_holding_a_row_it_needs_makes_the_import_give_up_within_seconds_instead_of_waiting_forever_or_deadlocking()
    {
        await using var sites = await PeopleSites.CreateAsync(CreateDatabaseAsync, People);
        await using var scope = sites.Host.NewContext();
        var person = await scope.Context.People.OrderBy(p => p.Id).FirstAsync();
        var organisation = await scope.Context.Organisations.OrderBy(o => o.Id).FirstAsync();
        await using var transaction = await scope.Context.Database.BeginTransactionAsync();
        person.LastName = "edited here";
        await scope.Context.SaveChangesAsync();

        // The import locks the organisations (merged first), then finds the person locked; the host then
        // wants an organisation: each holds what the other waits for.
        var watch = Stopwatch.StartNew();
        var import = sites.Host.ImportAsync(sites.File, PeopleSites.Options);
        await Task.Delay(500);
        organisation.Name = "renamed here";
        var hostSave = scope.Context.SaveChangesAsync();

        var refused = (await import.Awaiting(i => i.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<SyncConcurrencyException>()).Which;
        var gaveUpAfter = watch.Elapsed;
        await hostSave.WaitAsync(TimeSpan.FromSeconds(30));
        await transaction.CommitAsync();
        var report = await sites.Host.ImportAsync(sites.File, PeopleSites.Options);

        refused.Message.Should().Contain("pr_person").And.Contain("locked by another transaction");
        gaveUpAfter.Should().BeLessThan(TimeSpan.FromSeconds(15));
        report.Tables.Single(t => t.Table == "pr_person").Updated.Should().Be(People - 1, "the retry keeps the host's newer edit");
        (await sites.PeopleAsync()).Single(p => p.Uuid == person.Uuid).LastName.Should().Be("edited here");
        await using var check = sites.Host.NewContext();
        (await check.Context.Organisations.SingleAsync(o => o.Uuid == organisation.Uuid)).Name.Should().Be("renamed here");
    }
}
