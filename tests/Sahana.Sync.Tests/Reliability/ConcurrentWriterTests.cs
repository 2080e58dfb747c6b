using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The host keeps saving edits and new rows in the tables an import is merging, through EF as an
/// application does: nothing deadlocks or hangs, every edit newer than the file's version survives,
/// every other row takes the file's version, and no row is lost or doubled.
/// </summary>
public abstract class ConcurrentWriterTests(ITestOutputHelper output) : DatabaseTests
{
    private const int People = 4_000;

    [SkippableFact]
    public async Task Edits_the_host_saves_while_an_import_runs_survive_and_nothing_is_lost_or_doubled()
    {
        await using var sites = await PeopleSites.CreateAsync(CreateDatabaseAsync, People);
        var carried = (await sites.PeopleAsync()).Select(p => p.Id).ToArray();
        await using (var scope = sites.Host.NewContext())
        {
            scope.Context.AddRange(Enumerable.Range(0, LocalOnly).Select(i => new PrPerson { FirstName = $"local {i}", LastName = "here" }));
            await scope.Context.SaveChangesAsync();
        }

        var localOnly = (await sites.PeopleAsync()).Where(p => p.FirstName!.StartsWith("local", StringComparison.Ordinal)).Select(p => p.Id).ToArray();
        var importing = new ImportWindow();
        using var stop = new CancellationTokenSource();

        // Two writers, as a busy office: one renames people the file also carries (their saves wait while the
        // import holds those rows), the other renames people only this site has and adds newcomers. Each save
        // renames one to three people, in random order: a transaction holding several rows.
        var editors = new[] { new Editor(sites.Host, carried, seed: 7, addNewcomers: false), new Editor(sites.Host, localOnly, seed: 8, addNewcomers: true) };
        var editing = editors.Select(e => Task.Run(() => e.RunAsync(importing, stop.Token))).ToArray();
        await Task.WhenAll(editors.Select(e => e.Started.WaitAsync(TimeSpan.FromSeconds(30))));

        var watch = Stopwatch.StartNew();
        var (attempts, refused) = (0, 0);
        MergeReport? report = null;
        while (report is null)
        {
            attempts++;
            importing.Open();
            try
            {
                // Bounded: a deadlock or a lock wait that never ends fails the test instead of hanging it.
                report = await sites.Host.ImportAsync(sites.File, PeopleSites.Options).WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (SyncConcurrencyException) when (attempts < 5)
            {
                refused++;
            }
            finally
            {
                importing.Close();
            }
        }

        var imported = watch.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(editing).WaitAsync(TimeSpan.FromSeconds(60));

        var edits = editors.SelectMany(e => e.Edits).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var added = editors.SelectMany(e => e.Added).ToList();
        editors.SelectMany(e => e.Failures).Should().BeEmpty("the host's saves never fail because of the import");
        edits.Values.Should().OnlyContain(e => e.Stamp > sites.FileNewest, "the host's clock is ahead: every local edit is newer than the file");
        var rows = await sites.PeopleAsync();
        rows.GroupBy(p => p.Uuid).Should().OnlyContain(g => g.Count() == 1, "no row is doubled");
        rows.Should().HaveCount(People + LocalOnly + added.Count, "no row is lost");
        rows.Select(p => p.Uuid).Should().Contain(added);
        foreach (var person in rows)
        {
            if (edits.TryGetValue(person.Uuid, out var edit))
            {
                (person.LastName, person.ModifiedOn).Should().Be(edit, $"the local edit of {person.FirstName} is the newest version");
            }
            else if (person.FirstName!.StartsWith("person", StringComparison.Ordinal))
            {
                person.LastName.Should().Be(PeopleSites.FromFile, $"{person.FirstName} was not edited here");
            }
        }

        report.Tables.Single(t => t.Table == "pr_person").Changes.Should().BeGreaterThan(0);
        importing.SavesWhileOpen.Should().BeGreaterThan(0, "the host kept saving while the import ran");
        output.WriteLine($"{GetType().Name}: {People} people imported in {imported.TotalSeconds:F2} s in {attempts} attempt(s) ({refused} refused); "
            + $"the host saved {editors.Sum(e => e.Saves)} times ({importing.SavesWhileOpen} while the import ran), editing {edits.Count} people and adding {added.Count}; "
            + "host saves failed 0, rows lost 0, rows doubled 0");
    }

    private const int LocalOnly = 200;

    /// <summary>
    /// Whether an import is running, and how many host saves began while one was. Began, not ended: on SQLite a
    /// save that begins during the import waits for its commit, and whether it then ends before the test closes
    /// the window is a race the test must not depend on.
    /// </summary>
    private sealed class ImportWindow
    {
        private int _open;
        private int _saves;

        public int SavesWhileOpen => Volatile.Read(ref _saves);

        public bool IsOpen => Volatile.Read(ref _open) == 1;

        public void Open() => Volatile.Write(ref _open, 1);

        public void Close() => Volatile.Write(ref _open, 0);

        public void Saved(bool began) => Interlocked.Add(ref _saves, began ? 1 : 0);
    }

    private sealed class Editor(SyncTestHost<ReliefContext> host, int[] ids, int seed, bool addNewcomers)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        /// <summary>Gets the last committed edit of each person this editor renamed.</summary>
        public Dictionary<string, (string LastName, DateTime Stamp)> Edits { get; } = new(StringComparer.Ordinal);

        public List<string> Added { get; } = [];

        public List<Exception> Failures { get; } = [];

        public int Saves { get; private set; }

        public async Task RunAsync(ImportWindow importing, CancellationToken stop)
        {
            var random = new Random(seed);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await using var scope = host.NewContext();
                var picked = Enumerable.Range(0, random.Next(1, 4)).Select(_ => ids[random.Next(ids.Length)]).Distinct().ToList();
                var people = await scope.Context.People.Where(p => picked.Contains(p.Id)).ToListAsync(CancellationToken.None);
                foreach (var person in people.OrderBy(_ => random.Next()))
                {
                    person.LastName = $"edited here {seed}-{n}";
                }

                var newcomer = addNewcomers ? new PrPerson { FirstName = $"newcomer {n}" } : null;
                if (newcomer is not null)
                {
                    scope.Context.Add(newcomer);
                }

                var began = importing.IsOpen;
                try
                {
                    // Never canceled: a save the test began is a save the host made.
                    await scope.Context.SaveChangesAsync(CancellationToken.None);
                }
                catch (DbUpdateException e)
                {
                    Failures.Add(e);
                    continue;
                }

                Saves++;
                importing.Saved(began);
                foreach (var person in people)
                {
                    Edits[person.Uuid] = (person.LastName!, person.ModifiedOn);
                }

                if (newcomer is not null)
                {
                    Added.Add(newcomer.Uuid);
                }

                _started.TrySetResult();
            }
        }
    }
}

public sealed class SqliteConcurrentWriterTests(ITestOutputHelper output) : ConcurrentWriterTests(output)
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresConcurrentWriterTests(ITestOutputHelper output) : ConcurrentWriterTests(output)
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
