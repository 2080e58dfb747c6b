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
