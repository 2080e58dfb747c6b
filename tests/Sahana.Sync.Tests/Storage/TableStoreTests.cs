using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Hosting;
using Sahana.Sync.Storage;
using Sahana.Sync.Tests.Export;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Storage;

/// <summary>
/// Issue 18: the one gateway to a table's rows. Its typed look-ups read back every column type as the database
/// holds it, so that what it reads can be written again unchanged; its key look-ups fold duplicates and leave
/// out what is missing, across as many statements as the dialect splits a batch into.
/// </summary>
public abstract class TableStoreTests : DatabaseTests
{
    private const string AllTypesTable = "test_all_types";

    [SkippableFact]
    public async Task Versions_read_every_column_type_so_that_writing_them_again_makes_the_same_row()
    {
        await using var database = await CreateDatabaseAsync();
        var rows = AllTypesRows.Create();
        await using var host = await HostWithAsync(database, rows);
        var uuids = rows.Select(r => r.Uuid).ToArray();

        var read = await WithStoreAsync(host, AllTypesTable, s => s.VersionsAsync(uuids, default));
        var copies = await WithStoreAsync(host, AllTypesTable, async store =>
        {
            var table = store.Table;
            var uuid = table.IndexOf(table.Uuid!);
            var columns = Enumerable.Range(0, table.Columns.Count).Where(i => i != table.IndexOf(table.Key)).ToArray();
            var values = rows.Select(r => read[r.Uuid].Values!.ToArray()).ToArray();
            foreach (var row in values)
            {
                row[uuid] = "copy-" + row[uuid];
            }

            var keys = await store.InsertAsync(columns, values, wantKeys: true, default);
            keys.Should().HaveCount(rows.Length).And.OnlyContain(k => k.Key.StartsWith("copy-", StringComparison.Ordinal));
            return await store.VersionsAsync([.. keys.Keys], default);
        });

        read.Should().HaveCount(rows.Length);
        var (key, uuid) = (IndexOf(host, AllTypesTable, "id"), IndexOf(host, AllTypesTable, "uuid"));
        foreach (var row in rows)
        {
            var stored = read[row.Uuid];
            stored.Uuid.Should().Be(row.Uuid);
            stored.Key.Should().Be(row.Id);
            stored.Stamp.Kind.Should().Be(DateTimeKind.Utc);
            stored.Stamp.Ticks.Should().Be(row.ModifiedOn.Ticks);
            stored.Deleted.Should().Be(row.Deleted);
            var copy = copies["copy-" + row.Uuid];
            foreach (var i in Enumerable.Range(0, stored.Values!.Length).Where(i => i != key && i != uuid))
            {
                Same(copy.Values![i], stored.Values[i]).Should().BeTrue(
                    $"column {i} was read as {stored.Values[i] ?? "null"} and written again, but reads {copy.Values[i] ?? "null"}");
            }
        }

        await using var scope = host.NewContext();
        var saved = await scope.Context.Rows.AsNoTracking().ToListAsync();
        foreach (var original in rows)
        {
            var written = saved.Single(r => r.Uuid == "copy-" + original.Uuid);
            foreach (var property in typeof(AllTypes).GetProperties().Where(p => p.Name is not ("Id" or "Uuid")))
            {
                Same(property.GetValue(written), property.GetValue(original)).Should().BeTrue(
                    $"{property.Name} of {original.Uuid} was saved as {property.GetValue(original) ?? "null"}");
            }
        }
    }

    [SkippableFact]
    public async Task Stamps_read_what_a_row_is_decided_by_and_no_values()
    {
        await using var database = await CreateDatabaseAsync();
        var rows = AllTypesRows.Create();
        rows[1].Deleted = true;
        await using var host = await HostWithAsync(database, rows);

        var read = await WithStoreAsync(host, AllTypesTable, s => s.StampsAsync([rows[1].Uuid, "missing"], default));

        read.Should().ContainSingle();
        var stored = read[rows[1].Uuid];
        (stored.Key, stored.Deleted, stored.Values).Should().Be((rows[1].Id, true, (object?[]?)null));
        stored.Stamp.Ticks.Should().Be(rows[1].ModifiedOn.Ticks);
        (await WithStoreAsync(host, AllTypesTable, s => s.FindByUuidAsync("missing", default))).Should().BeNull();
        (await WithStoreAsync(host, AllTypesTable, s => s.FindByUuidAsync(rows[1].Uuid, default)))!.Value.Deleted
            .Should().BeTrue();
    }

    [SkippableFact]
    public async Task Versions_carry_a_reference_as_the_referenced_rows_uuid_and_a_dangling_one_as_null()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await host.EditAsync(context =>
        {
            var organisation = new OrgOrganisation { Uuid = "o-1", Name = "Red Cross" };
            context.People.Add(new PrPerson { Uuid = "p-1", FirstName = "Asha", Organisation = organisation });
            context.People.Add(new PrPerson { Uuid = "p-2", FirstName = "Nimal" });
        });

        var read = await WithStoreAsync(host, "pr_person", s => s.VersionsAsync(["p-1", "p-2", "p-1"], default));

        var organisationId = read["p-1"].Values![IndexOf(host, "pr_person", "organisation_id")];
        organisationId.Should().Be("o-1");
        read["p-2"].Values![IndexOf(host, "pr_person", "organisation_id")].Should().BeNull();
    }

    [SkippableFact]
    public async Task Keys_of_a_batch_with_duplicates_and_missing_uuids_hold_each_found_uuid_once_across_statements()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = await ManyOrganisationsAsync(database, 1_200);
        var uuids = Enumerable.Range(0, 1_200).SelectMany(i => new[] { Uuid(i), Uuid(1_199 - i), "gone-" + i }).ToList();

        var keys = await WithStoreAsync(host, "org_organisation", s => s.KeysOfAsync(uuids, default));

        keys.Should().HaveCount(1_200);
        await using var scope = host.NewContext();
        var expected = await scope.Context.Organisations.ToDictionaryAsync(o => o.Uuid, o => (object)o.Id);
        keys.Should().BeEquivalentTo(expected);
    }

    [SkippableFact]
    public async Task Existing_keys_are_found_across_statements_of_every_size_and_missing_ones_left_out()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = await ManyOrganisationsAsync(database, 250);
        await using var scope = host.NewContext();
        var ids = await scope.Context.Organisations.Select(o => o.Id).ToListAsync();
        var asked = ids.Concat(ids.Select(id => id + 100_000)).Select(id => (object)id).ToList();

        var found = await WithStoreAsync(host, "org_organisation", s => s.ExistingKeysAsync(asked, default));

        found.Should().BeEquivalentTo(ids.Select(id => (object)id));
    }

    private static string Uuid(int i) => FormattableString.Invariant($"org-{i:D5}");

    private static async Task<SyncTestHost<ReliefContext>> ManyOrganisationsAsync(TestDatabase database, int count)
    {
        var host = new SyncTestHost<ReliefContext>(database);
        await host.CreateSchemaAsync();
        await host.EditAsync(context => context.Organisations.AddRange(
            Enumerable.Range(0, count).Select(i => new OrgOrganisation { Uuid = Uuid(i), Name = "Org " + i })));
        return host;
    }

    private static async Task<SyncTestHost<AllTypesContext>> HostWithAsync(TestDatabase database, AllTypes[] rows)
    {
        var host = new SyncTestHost<AllTypesContext>(database, "a");
        await host.CreateSchemaAsync();
        await using var scope = host.NewContext();
        scope.Context.Rows.AddRange(rows);
        await scope.Context.SaveChangesAsync();
        return host;
    }

    private static int IndexOf<TContext>(SyncTestHost<TContext> host, string table, string column)
        where TContext : DbContext
    {
        using var scope = host.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return PlanOf(host, context).Find(table)!.Mapping.IndexOf(column);
    }

    private static SyncPlan PlanOf<TContext>(SyncTestHost<TContext> host, TContext context)
        where TContext : DbContext
        => host.Services.GetRequiredKeyedService<SyncServices>(typeof(TContext)).GetPlan(context.Model);

    /// <summary>Runs <paramref name="use"/> on a table's gateway in a transaction of its own, committed after.</summary>
    private static async Task<T> WithStoreAsync<TContext, T>(
        SyncTestHost<TContext> host, string table, Func<TableStore, Task<T>> use)
        where TContext : DbContext
    {
        await using var scope = host.NewContext();
        var context = scope.Context;
        var plan = PlanOf(host, context);
        await context.Database.OpenConnectionAsync();
        await using var transaction = await context.Database.BeginTransactionAsync();
        var store = new TableStore(
            plan.Find(table)!.Mapping,
            new CommandRunner(context),
            context.GetService<ISqlGenerationHelper>(),
            SqlDialect.For(context.Database),
            transaction.GetDbTransaction(),
            name => plan.Find(name)?.Mapping is { Uuid: not null } parent ? parent : null);
        await using (store)
        {
            var result = await use(store);
            await transaction.CommitAsync();
            return result;
        }
    }

    // Values as the provider gives them: bytes by content, times by ticks (SQLite gives an Unspecified kind).
    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (DateTime x, DateTime y) => x.Ticks == y.Ticks,
        _ => Equals(a, b),
    };
}

public sealed class SqliteTableStoreTests : TableStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresTableStoreTests : TableStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
