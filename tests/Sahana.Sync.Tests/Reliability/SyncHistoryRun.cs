using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// Plays a <see cref="SyncHistory"/> on instances of the field model (a team/member reference cycle and a
/// self-reference), in-memory SQLite unless told otherwise, and records every version any instance saved: the oracle the
/// convergence property checks the survivors against.
/// </summary>
public sealed class SyncHistoryRun : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<Task<InMemorySqliteDatabase>> Template = new(CreateTemplateAsync);

    private readonly List<TestDatabase> _databases = [];
    private readonly List<SyncTestHost<FieldContext>> _sites = [];
    private readonly List<TransactionGate> _gates = [];
    private readonly List<(int Sender, byte[] File)> _files = [];
    private readonly Dictionary<string, List<WrittenVersion>> _written = new(StringComparer.Ordinal);
    private readonly int[] _clockOffsets;
    private int _inserted;
    private int _played;

    private SyncHistoryRun(int[] clockOffsets)
    {
        _clockOffsets = clockOffsets;
    }

    public IReadOnlyList<SyncTestHost<FieldContext>> Sites => _sites;

    /// <summary>Every version saved anywhere, by uuid.</summary>
    public IReadOnlyDictionary<string, List<WrittenVersion>> Written => _written;

    public int Exchanges { get; private set; }

    public int Deltas { get; private set; }

    public int StaleImports { get; private set; }

    public int Edits { get; private set; }

    /// <summary>Gets how many edits committed after a delta export had read the clock and taken its snapshot.</summary>
    public int EditsDuringExports { get; private set; }

    /// <param name="instances">How many instances.</param>
    /// <param name="clockOffsets">How many minutes each instance's wall clock is off; null for none.</param>
    /// <param name="newDatabase">Makes each instance's database, holding the field model's schema and nothing else; null for in-memory SQLite.</param>
    public static async Task<SyncHistoryRun> StartAsync(int instances, int[]? clockOffsets = null, Func<Task<TestDatabase>>? newDatabase = null)
    {
        var run = new SyncHistoryRun(clockOffsets ?? new int[instances]);
        newDatabase ??= async () => InMemorySqliteDatabase.CopyFrom(await Template.Value);
        for (var site = 0; site < instances; site++)
        {
            var database = await newDatabase();
            run._databases.Add(database);
            var gate = new TransactionGate(TransactionGate.Point.Start);
            run._gates.Add(gate);
            run._sites.Add(new SyncTestHost<FieldContext>(database, $"s{site}", new TestClock(Start.AddMinutes(run._clockOffsets[site])), null, gate));
        }

        await run.SeedAsync();
        return run;
    }

    public async Task PlayAsync(SyncStep step)
    {
        _played++;

        // Every wall clock moves on with the history, each off by its own offset: an import checks the file's
        // stamps against the importer's clock as it is now.
        for (var site = 0; site < _sites.Count; site++)
        {
            _sites[site].Time.SetUtcNow(WallClock(site));
        }

        switch (step)
        {
            case EditStep edit:
                await EditAsync(edit);
                break;
            case TwinEditStep twin:
                await TwinEditAsync(twin);
                break;
            case EditDuringExportStep during:
                await EditDuringExportAsync(during);
                break;
            case ExchangeStep { Kind: ExchangeKind.Stale } stale:
                var earlier = _files.Where(f => f.Sender == stale.From).ToList();
                if (earlier.Count > 0)
                {
                    await _sites[stale.To].ImportAsync(earlier[stale.Stale % earlier.Count].File);
                    StaleImports++;
                }

                break;
            case ExchangeStep exchange:
                await ExchangeAsync(exchange.From, exchange.To, exchange.Kind == ExchangeKind.Delta);
                break;
        }
    }

    /// <summary><paramref name="to"/> imports a file from <paramref name="from"/>: a full export, or a delta since the sender's last_update there.</summary>
    public async Task<MergeReport> ExchangeAsync(int from, int to, bool delta)
    {
        var options = new ExportOptions();
        if (delta && await _sites[to].LastUpdateOfAsync($"s{from}") is { } since)
        {
            options.ModifiedSince = since;
            Deltas++;
        }

        var file = await _sites[from].ExportAsync(options);
        _files.Add((from, file));
        Exchanges++;
        return await _sites[to].ImportAsync(file);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var site in _sites)
        {
            await site.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private DateTimeOffset WallClock(int site) => Start.AddMinutes(_played + _clockOffsets[site]);

    private static async Task<InMemorySqliteDatabase> CreateTemplateAsync()
    {
        var template = new InMemorySqliteDatabase();
        await using var host = new SyncTestHost<FieldContext>(template);
        await host.CreateSchemaAsync();
        return template;
    }

    /// <summary>Instance 0 starts two teams (one led by its member) and three members (one mentored); every other instance imports them.</summary>
    private async Task SeedAsync()
    {
        await SaveAsync(0, db =>
        {
            var north = new Team { Name = "north", Uuid = "t-north" };
            var south = new Team { Name = "south", Uuid = "t-south" };
            var anu = new Member { Name = "anu", Uuid = "m-anu", Team = north };
            db.AddRange(north, south, anu, new Member { Name = "bala", Uuid = "m-bala", Team = north, Mentor = anu }, new Member { Name = "chandra", Uuid = "m-chandra", Team = south });
        });
        await SaveAsync(0, db => db.Teams.Local.Single(t => t.Uuid == "t-north").Lead = db.Members.Local.Single(m => m.Uuid == "m-anu"));
        for (var site = 1; site < _sites.Count; site++)
        {
            await ExchangeAsync(0, site, delta: false);
        }
    }

    private async Task EditAsync(EditStep edit)
    {
        _sites[edit.Site].Time.SetUtcNow(WallClock(edit.Site).AddMinutes(edit.Skew));
        Edits++;
        await SaveAsync(edit.Site, db =>
        {
            var rows = new LocalRows(db);
            Apply(db, edit.Kind, rows.Pick(edit.Kind, edit.Target), rows.PickOther(edit.Kind, edit.Other), edit.Value, edit.Site);
        });
    }

    private async Task EditDuringExportAsync(EditDuringExportStep during)
    {
        var gate = _gates[during.Edit.Site];
        var held = gate.Arm();
        var edit = EditAsync(during.Edit);
        if (await Task.WhenAny(held, edit) == held)
        {
            await ExchangeAsync(during.Edit.Site, during.To, delta: true);
            EditsDuringExports++;
        }
        else
        {
            // The edit found nothing to change, so it never wrote: an ordinary delta then.
            gate.Disarm();
            await ExchangeAsync(during.Edit.Site, during.To, delta: true);
        }

        gate.Release();
        await edit;
    }

    private async Task TwinEditAsync(TwinEditStep twin)
    {
        // The wall clock of both is a minute later than any stamp yet: both stamp exactly that minute.
        string? target = null;
        string? other = null;
        foreach (var (site, value) in new[] { (twin.Site, twin.Value), (twin.Twin, twin.TwinValue) })
        {
            _sites[site].Time.SetUtcNow(Start.AddMinutes(_played));
            Edits++;
            await SaveAsync(site, db =>
            {
                var rows = new LocalRows(db);
                var row = target is null ? rows.Pick(twin.Kind, twin.Target) : rows.Find(target);
                var reference = target is null ? rows.PickOther(twin.Kind, twin.Other) : other is null ? null : rows.Find(other);
                target ??= row?.Uuid;
                other ??= reference?.Uuid;
                Apply(db, twin.Kind, row, reference, value, site);
            });
        }
    }

    private void Apply(FieldContext db, EditKind kind, ISyncableEntity? row, ISyncableEntity? other, int value, int site)
    {
        var name = $"v{value}";
        switch (kind, row)
        {
            case (EditKind.InsertTeam, _):
                db.Add(new Team { Name = name, Uuid = $"t-s{site}-{++_inserted}" });
                break;
            case (EditKind.InsertMember, _):
                db.Add(new Member { Name = name, Uuid = $"m-s{site}-{++_inserted}", Team = other as Team });
                break;
            case (EditKind.Rename, Team team):
                team.Name = name;
                break;
            case (EditKind.Rename, Member member):
                member.Name = name;
                break;
            case (EditKind.Delete, { } any):
                any.Deleted = true;
                break;
            case (EditKind.Undelete, { } any):
                any.Deleted = false;
                break;
            case (EditKind.MoveToTeam, Member member):
                member.Team = other as Team;
                break;
            case (EditKind.ChangeMentor, Member member):
                member.Mentor = other as Member;
                break;
            case (EditKind.ChangeLead, Team team):
                team.Lead = other as Member;
                break;
        }
    }

    /// <summary>Loads every row of the instance, lets <paramref name="change"/> edit them, saves, and records each version saved.</summary>
    private async Task SaveAsync(int site, Action<FieldContext> change)
    {
        await using var scope = _sites[site].NewContext();
        var db = scope.Context;
        await db.Teams.LoadAsync();
        await db.Members.LoadAsync();
        change(db);
        db.ChangeTracker.DetectChanges();
        var saved = db.ChangeTracker.Entries<ISyncableEntity>().Where(e => e.State != EntityState.Unchanged).Select(e => e.Entity).ToList();
        await db.SaveChangesAsync();
        foreach (var entity in saved)
        {
            var version = entity switch
            {
                Team t => new WrittenVersion("team", t.Uuid, t.ModifiedOn, t.Deleted, [t.Name, t.Lead?.Uuid]),
                Member m => new WrittenVersion("member", m.Uuid, m.ModifiedOn, m.Deleted, [m.Name, m.Team?.Uuid, m.Mentor?.Uuid]),
                _ => throw new InvalidOperationException(entity.GetType().Name),
            };
            (_written.TryGetValue(version.Uuid, out var list) ? list : _written[version.Uuid] = []).Add(version);
        }
    }

    /// <summary>An instance's rows, ordered by uuid, that steps pick by position.</summary>
    private sealed class LocalRows(FieldContext db)
    {
        private readonly List<Team> _teams = [.. db.Teams.Local.OrderBy(t => t.Uuid, StringComparer.Ordinal)];
        private readonly List<Member> _members = [.. db.Members.Local.OrderBy(m => m.Uuid, StringComparer.Ordinal)];

        /// <summary>The row an edit changes: a team or a member as the kind needs, either for a rename or a deletion.</summary>
        public ISyncableEntity? Pick(EditKind kind, int index) => kind switch
        {
            EditKind.InsertTeam or EditKind.InsertMember => null,
            EditKind.MoveToTeam or EditKind.ChangeMentor => At(_members, index),
            EditKind.ChangeLead => At(_teams, index),
            _ => At([.. _teams.Cast<ISyncableEntity>(), .. _members], index),
        };

        /// <summary>The row an edit points a reference at; one position in every count + 1 means none.</summary>
        public ISyncableEntity? PickOther(EditKind kind, int index) => kind switch
        {
            EditKind.InsertMember or EditKind.MoveToTeam => AtOrNone(_teams, index),
            EditKind.ChangeMentor or EditKind.ChangeLead => AtOrNone(_members, index),
            _ => null,
        };

        public ISyncableEntity? Find(string uuid) => _teams.Cast<ISyncableEntity>().Concat(_members).FirstOrDefault(r => r.Uuid == uuid);

        private static T? At<T>(List<T> rows, int index) where T : class => rows.Count == 0 ? null : rows[index % rows.Count];

        private static T? AtOrNone<T>(List<T> rows, int index) where T : class => index % (rows.Count + 1) is var i && i < rows.Count ? rows[i] : null;
    }
}
