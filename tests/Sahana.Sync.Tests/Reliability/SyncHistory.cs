using System.Text;

namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// One case of the convergence property: a few instances, what each does offline, the files they
/// exchange in between, and the kind of each exchange of the final round between all pairs.
/// </summary>
/// <remarks>
/// <para>
/// Each instance's wall clock runs <see cref="ClockOffsets"/> minutes off the history's own time, so any two
/// are up to <see cref="MaxOffsetMinutes"/> twice apart, plus an edit's skew: inside the default
/// <c>MaxClockSkew</c>, which every file must then pass.
/// </para>
/// <para>
/// Steps name their targets by position ("the third member this instance holds, by uuid"), not by uuid,
/// so that any step can be dropped while shrinking and the rest still means something.
/// </para>
/// </remarks>
public sealed record SyncHistory(int Instances, int[] ClockOffsets, SyncStep[] Steps, bool[] FinalDeltas)
{
    /// <summary>
    /// The largest offset of one instance's clock, in minutes. Two instances are then at most 24 minutes apart, an
    /// edit's skew (up to 4 minutes) included, 28: inside the default MaxClockSkew of 30 minutes, with room for
    /// the microseconds the hybrid logical clock adds.
    /// </summary>
    public const int MaxOffsetMinutes = 12;

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
        var text = new StringBuilder($"{Instances} instances, clocks off by {string.Join("/", ClockOffsets)} min");
        foreach (var step in Steps)
        {
            text.Append("\n  ").Append(step);
        }

        text.Append("\n  final round: ").AppendJoin(", ", FinalPairs().Select((p, i) => $"{p.From}->{p.To} {(FinalDeltas[i] ? "delta" : "full")}"));
        return text.ToString();
    }
}
