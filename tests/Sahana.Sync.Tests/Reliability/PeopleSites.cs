using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Two sites that hold the same organisations and people: the sender ("gal") then renamed every person
/// (last name "from the file") and exported; the receiver ("col"), whose clock runs an hour ahead, has
/// not imported that file yet, so anything it edits from now on is newer than the file's versions.
/// </summary>
public sealed class PeopleSites : IAsyncDisposable
{
    public const string FromFile = "from the file";

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _senderDatabase;
    private readonly TestDatabase _database;

    private PeopleSites(TestDatabase senderDatabase, TestDatabase database, SyncTestHost<ReliefContext> sender, SyncTestHost<ReliefContext> host)
    {
        _senderDatabase = senderDatabase;
        _database = database;
        Sender = sender;
        Host = host;
    }

    public SyncTestHost<ReliefContext> Sender { get; }

    /// <summary>Gets the receiving site, where the file is imported.</summary>
    public SyncTestHost<ReliefContext> Host { get; }

    /// <summary>Gets the sender's full export after the rename.</summary>
    public byte[] File { get; private set; } = [];

    /// <summary>Gets the newest stamp in <see cref="File"/>.</summary>
    public DateTime FileNewest { get; private set; }

    public static ImportOptions Options => new() { Sender = "gal" };

    public static async Task<PeopleSites> CreateAsync(Func<Task<TestDatabase>> create, int people)
    {
        var senderDatabase = await create();
        var database = await create();
        var sites = new PeopleSites(
            senderDatabase,
            database,
            new SyncTestHost<ReliefContext>(senderDatabase, "gal", new TestClock(Now)),
            new SyncTestHost<ReliefContext>(database, "col", new TestClock(Now.AddHours(1))));
        await sites.Sender.CreateSchemaAsync();
        await sites.Host.CreateSchemaAsync();
        await using (var scope = sites.Sender.NewContext())
        {
            var organisations = Enumerable.Range(0, 20).Select(i => new OrgOrganisation { Name = $"organisation {i}" }).ToList();
            scope.Context.AddRange(organisations);
            scope.Context.AddRange(Enumerable.Range(0, people).Select(i => new PrPerson { FirstName = $"person {i}", LastName = "first", Organisation = organisations[i % organisations.Count] }));
            await scope.Context.SaveChangesAsync();
        }

        await sites.Host.ImportAsync(await sites.Sender.ExportAsync(), Options);
        sites.Sender.Time.Advance(TimeSpan.FromMinutes(1));
        await using (var scope = sites.Sender.NewContext())
        {
            foreach (var person in await scope.Context.People.ToListAsync())
            {
                person.LastName = FromFile;
            }

            await scope.Context.SaveChangesAsync();
            sites.FileNewest = await scope.Context.People.MaxAsync(p => p.ModifiedOn);
        }

        sites.File = await sites.Sender.ExportAsync();
        return sites;
    }

    /// <summary>Every person at the receiving site, by uuid.</summary>
    public async Task<List<PrPerson>> PeopleAsync()
    {
        await using var scope = Host.NewContext();
        return await scope.Context.People.AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Host.DisposeAsync();
        await _senderDatabase.DisposeAsync();
        await _database.DisposeAsync();
    }
}
