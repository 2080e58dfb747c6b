using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Peers whose wall clocks disagree by an hour: the hybrid logical clock keeps a local edit made after an
/// import newer than what came in, and deltas asked for from the sender's own timestamps skip nothing.
/// The default MaxClockSkew (30 minutes) would refuse such peers; these sites accept three hours.
/// </summary>
public abstract class ClockSkewTests : DatabaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly Action<SahanaSyncOptions> ThreeHoursSkew = o => o.MaxClockSkew = TimeSpan.FromHours(3);

    [SkippableFact]
    public async Task A_local_edit_after_importing_from_a_peer_an_hour_fast_still_wins()
    {
        await using var fastDb = await CreateDatabaseAsync();
        await using var localDb = await CreateDatabaseAsync();
        await using var fast = new SyncTestHost<FieldContext>(
            fastDb, "fast", new TestClock(Now.AddHours(1)), ThreeHoursSkew);
        await using var local = new SyncTestHost<FieldContext>(localDb, "here", new TestClock(Now), ThreeHoursSkew);
        await fast.CreateSchemaAsync();
        await local.CreateSchemaAsync();
        await fast.EditAsync(db => db.Add(new Team { Name = "from the fast peer", Uuid = "t-1" }));
        await local.ImportAsync(await fast.ExportAsync());

        local.Time.Advance(TimeSpan.FromMinutes(1));
        await local.EditAsync(db => db.Teams.Single().Name = "edited here a minute later");
        var report = await fast.ImportAsync(await local.ExportAsync());

        report.Tables.Single(t => t.Table == "team").Updated.Should().Be(1, "the local edit is stamped after everything the local clock has seen");
        (await DatabaseState.SyncedRowsAsync(fast))["team"]["t-1"]["name"].Should().Be("edited here a minute later");
        (await DatabaseState.SyncedRowsAsync(local)).Should().BeEquivalentTo(await DatabaseState.SyncedRowsAsync(fast));
    }

    [SkippableFact]
    public async Task Deltas_between_two_peers_an_hour_apart_skip_no_row_over_many_rounds()
    {
        await using var fastDb = await CreateDatabaseAsync();
        await using var slowDb = await CreateDatabaseAsync();
        await using var fast = new SyncTestHost<FieldContext>(
            fastDb, "fast", new TestClock(Now.AddHours(1)), ThreeHoursSkew);
        await using var slow = new SyncTestHost<FieldContext>(
            slowDb, "slow", new TestClock(Now.AddHours(-1)), ThreeHoursSkew);
        await fast.CreateSchemaAsync();
        await slow.CreateSchemaAsync();
        var written = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            foreach (var (site, name) in new[] { (fast, "fast"), (slow, "slow") })
            {
                site.Time.Advance(TimeSpan.FromMinutes(7));
                var uuid = $"{name}-{round}";
                written.Add(uuid);
                await site.EditAsync(db =>
                {
                    db.Add(new Team { Name = $"new at {name} in round {round}", Uuid = uuid });
                    foreach (var team in db.Teams.Where(t => t.Name.Contains("round")).Take(2))
                    {
                        team.Name = $"{team.Name}, edited at {name} in round {round}";
                    }
                });
            }

            // Each side asks for what changed since the sender's own timestamp it recorded last time.
            await DeltaAsync(from: fast, to: slow, sender: "fast");
            await DeltaAsync(from: slow, to: fast, sender: "slow");
        }

        var fastRows = await DatabaseState.SyncedRowsAsync(fast);
        var slowRows = await DatabaseState.SyncedRowsAsync(slow);
        fastRows["team"].Keys.Should().BeEquivalentTo(written);
        slowRows.Should().BeEquivalentTo(fastRows, o => o.WithStrictOrdering());
    }

    private static async Task DeltaAsync(SyncTestHost<FieldContext> from, SyncTestHost<FieldContext> to, string sender)
    {
        DateTime? since;
        await using (var scope = to.NewContext())
        {
            since = (await scope.Context.Set<SyncInstance>().SingleOrDefaultAsync(i => i.BaseUuid == sender))?.LastUpdate;
        }

        await to.ImportAsync(await from.ExportAsync(new ExportOptions { ModifiedSince = since }));
    }
}

public sealed class SqliteClockSkewTests : ClockSkewTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresClockSkewTests : ClockSkewTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
