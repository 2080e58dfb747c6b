using System.Text;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// One case of the convergence property: a few instances, what each does offline, the files they
/// exchange in between, and the kind of each exchange of the final round between all pairs.
/// </summary>
/// <remarks>
/// Steps name their targets by position ("the third member this instance holds, by uuid"), not by uuid,
/// so that any step can be dropped while shrinking and the rest still means something.
/// </remarks>
public sealed record SyncHistory(int Instances, SyncStep[] Steps, bool[] FinalDeltas)
{
    /// <summary>The final round's pairs, in order: every instance in turn sends to every other.</summary>
    public IEnumerable<(int From, int To)> FinalPairs()
    {
        for (var from = 0; from < Instances; from++)
        {
            for (var to = 0; to < Instances; to++)
            {
                if (to != from)
                {
                    yield return (from, to);
                }
            }
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Instances} instances");
        foreach (var step in Steps)
        {
            text.Append("\n  ").Append(step);
        }

        text.Append("\n  final round: ").AppendJoin(", ", FinalPairs().Select((p, i) => $"{p.From}->{p.To} {(FinalDeltas[i] ? "delta" : "full")}"));
        return text.ToString();
    }
}

/// <summary>One thing that happens in a history: an edit on one instance, or a file carried between two.</summary>
public abstract record SyncStep;

/// <summary>What an edit does.</summary>
public enum EditKind
{
    InsertTeam,
    InsertMember,
    Rename,
    Delete,
    Undelete,
    MoveToTeam,
    ChangeMentor,
    ChangeLead,
}

/// <summary>
/// An edit saved on <paramref name="Site"/>. The wall clock of step k is minute k of the history, moved by
/// <paramref name="Skew"/> minutes (backwards too), so that instances also stamp equal microseconds by chance.
/// </summary>
public sealed record EditStep(int Site, int Skew, EditKind Kind, int Target, int Other, int Value) : SyncStep
{
    public override string ToString() => $"site {Site} (clock {Skew:+0;-0;0} min): {Kind} target#{Target} other#{Other} value v{Value}";
}

/// <summary>
/// The same row edited the same way on two instances with their wall clocks on the same, newest minute: both
/// stamp the same microsecond, only values differ, and the tie rule alone decides which survives.
/// </summary>
public sealed record TwinEditStep(int Site, int Twin, EditKind Kind, int Target, int Other, int Value, int TwinValue) : SyncStep
{
    public override string ToString() => $"sites {Site} and {Twin} at the same instant: {Kind} target#{Target} other#{Other} values v{Value} / v{TwinValue}";
}

/// <summary>How a file travels between two instances.</summary>
public enum ExchangeKind
{
    /// <summary>A full export.</summary>
    Full,

    /// <summary>A delta since what the receiver last imported from the sender.</summary>
    Delta,

    /// <summary>A file the sender made earlier, imported again (or late).</summary>
    Stale,
}

/// <summary><paramref name="To"/> imports a file from <paramref name="From"/>; a stale one is the <paramref name="Stale"/>th file <paramref name="From"/> made so far (modulo).</summary>
public sealed record ExchangeStep(int From, int To, ExchangeKind Kind, int Stale) : SyncStep
{
    public override string ToString() => Kind == ExchangeKind.Stale ? $"{From} -> {To}: stale file #{Stale}" : $"{From} -> {To}: {Kind}";
}
