using BenchmarkDotNet.Attributes;
using Sahana.Sync.Benchmarks.Data;
using Sahana.Sync.Merge;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// The merge decision alone, in memory: N versions from a file against N local rows. Half the file's uuids
/// are local rows (half of those newer, a quarter older, an eighth tied on the stamp with other values, an
/// eighth the very same version), the rest are new, and one new uuid in ten comes twice in the file. Each
/// invocation makes <see cref="DecisionsPerInvoke"/> decisions (the N versions, as many passes as that
/// takes), so times and bytes are per version.
/// </summary>
[MemoryDiagnoser]
public class MergeDecisionBenchmarks
{
    public const int DecisionsPerInvoke = 1_000_000;

    private static readonly string[] Names = ["Saman", "Fatima", "Łukasz", "Ngọc", "O'Brien", "සමන්", "பாத்திமா", "Ana \"Nan\"", "Chen, Li"];
    private static readonly string[] Comments = ["arrived with 2 children, \"urgent\"", "needs insulin", "moved to shelter 12, \"east\"", "ලියාපදිංචි, 3 දරුවන්"];
    private static readonly DateTime Start = new(2009, 12, 26, 6, 0, 0, DateTimeKind.Utc);
    private static readonly Func<bool, SyncConflictWinner> KeepLocal = _ => SyncConflictWinner.Local;

    private MergeDecision _decision = null!;
    private RowVersion[] _incoming = [];
    private Group[] _groups = [];
    private DateTime _agreedUntil;
    private int _passes;

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSettings.Rows(10_000, 100_000, 1_000_000);

    [GlobalSetup]
    public void Setup()
    {
        if (DecisionsPerInvoke % Rows != 0)
        {
            throw new InvalidOperationException($"{Rows} rows do not divide {DecisionsPerInvoke} decisions per invocation.");
        }

        _passes = DecisionsPerInvoke / Rows;
        var columns = PersonFiles.Columns;
        var textOf = columns.Select(c => typeof(Person).GetProperty(c)!.PropertyType)
            .Select(t => ValueText.For(Nullable.GetUnderlyingType(t) ?? t))
            .ToArray();
        int Column(string name) => Array.IndexOf(columns, name);
        var compared = Enumerable.Range(0, columns.Length).Where(i => i != Column("Id") && i != Column("ModifiedOn")).ToArray();
        _decision = new MergeDecision(compared, textOf);

        var random = new Random(20091226);
        var uuids = new string[Rows + (Rows / 2)];
        for (var i = 0; i < uuids.Length; i++)
        {
            uuids[i] = PersonFiles.Uuid(i);
        }

        var locals = new RowVersion[Rows];
        for (var i = 0; i < Rows; i++)
        {
            locals[i] = Version(random, uuids[i], i + 1, Start.AddSeconds(i)) with { Line = 0 };
        }

        // Versions of local rows first, then new uuids; a duplicate follows the version it duplicates.
        var incoming = new List<RowVersion>(Rows);
        var groups = new List<Group>(Rows);
        var overlapping = Rows / 2;
        for (var k = 0; k < overlapping; k++)
        {
            var local = locals[k];
            var remote = (k % 8) switch
            {
                5 => local with { Values = Edited(random, local.Values) }, // the same stamp, other values
                7 => local with { Values = (object?[])local.Values.Clone() }, // the very same version
                1 or 3 => Version(random, uuids[k], k + 1, local.Stamp.AddHours(-1)),
                _ => Version(random, uuids[k], k + 1, local.Stamp.AddDays(1)),
            };
            groups.Add(new Group(incoming.Count, 1, local));
            incoming.Add(remote);
        }

        var next = Rows;
        while (incoming.Count < Rows)
        {
            var stamp = Start.AddSeconds(next);
            var first = Version(random, uuids[next], next + 1, stamp);
            if (incoming.Count % 10 == 9 && incoming.Count + 1 < Rows)
            {
                // Twice in the file: an older or a tied second version of the same new uuid.
                var second = incoming.Count % 20 == 9 ? Version(random, uuids[next], next + 1, stamp.AddMinutes(-5)) : first with { Values = Edited(random, first.Values) };
                groups.Add(new Group(incoming.Count, 2, null));
                incoming.Add(first);
                incoming.Add(second);
            }
            else
            {
                groups.Add(new Group(incoming.Count, 1, null));
                incoming.Add(first);
            }

            next++;
        }

        _incoming = [.. incoming];
        _groups = [.. groups];
        _agreedUntil = Start.AddSeconds(Rows / 4);

        // The mix is what the benchmark says it is.
        var outcomes = _groups.Select(g => _decision.Decide(g.Local, Newest(g), _agreedUntil, resolve: null)).ToList();
        var inserts = outcomes.Count(o => o.Action == MergeAction.Insert);
        var unchanged = outcomes.Count(o => o.Action == MergeAction.Unchanged);
        var updates = outcomes.Count(o => o.Action == MergeAction.Update);
        if (inserts != _groups.Count(g => g.Local is null) || unchanged != overlapping / 8 || updates < (overlapping + 1) / 2)
        {
            throw new InvalidOperationException($"unexpected mix: {inserts} inserts, {updates} updates, {unchanged} unchanged of {_groups.Length} uuids");
        }

        Console.WriteLine($"// {Rows} versions, {_groups.Length} uuids: {inserts} inserts, {updates} updates, {unchanged} unchanged, "
            + $"{outcomes.Count(o => o.Action == MergeAction.KeepLocal)} kept local, {outcomes.Count(o => o.Conflict)} conflicts; {_passes} passes per invocation");
    }

    /// <summary>Newest wins, the default policy.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DecisionsPerInvoke)]
    public long NewestWins() => Run(resolve: null);

    /// <summary>A conflict policy that keeps the local row: conflicts go to the resolver and some win older.</summary>
    [Benchmark(OperationsPerInvoke = DecisionsPerInvoke)]
    public long ConflictsKeepLocal() => Run(KeepLocal);

    private long Run(Func<bool, SyncConflictWinner>? resolve)
    {
        long sum = 0;
        for (var pass = 0; pass < _passes; pass++)
        {
            foreach (var group in _groups)
            {
                var outcome = _decision.Decide(group.Local, Newest(group), _agreedUntil, resolve);
                sum += (int)outcome.Action + (outcome.Conflict ? 4 : 0) + (outcome.Restamp ? 8 : 0);
            }
        }

        return sum;
    }

    private RowVersion Newest(Group group)
    {
        var newest = _incoming[group.Start];
        for (var i = group.Start + 1; i < group.Start + group.Count; i++)
        {
            if (_decision.Compare(_incoming[i], newest) > 0)
            {
                newest = _incoming[i];
            }
        }

        return newest;
    }

    private static RowVersion Version(Random random, string uuid, int id, DateTime stamp)
    {
        var deleted = random.Next(20) == 0;
        object?[] values =
        [
            id,
            Names[random.Next(Names.Length)],
            Names[random.Next(Names.Length)],
            random.Next(1, 4),
            random.Next(5) == 0 ? null : new DateOnly(1940, 1, 1).AddDays(random.Next(30000)),
            Comments[random.Next(Comments.Length)],
            uuid,
            deleted,
            Start.AddSeconds(id - 1),
            stamp,
        ];
        return new RowVersion(stamp, deleted, values, Line: id);
    }

    private static object?[] Edited(Random random, object?[] values)
    {
        var edited = (object?[])values.Clone();
        edited[1] = Names[random.Next(Names.Length)];
        edited[5] = Comments[random.Next(Comments.Length)] + " (edited)";
        return edited;
    }

    private readonly record struct Group(int Start, int Count, RowVersion? Local);
}
