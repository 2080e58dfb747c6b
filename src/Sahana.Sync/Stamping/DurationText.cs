using System.Globalization;

namespace Sahana.Sync.Stamping;

/// <summary>
/// Words a duration for an operator: the largest unit and the one below it, as in "3 years 2 days" or
/// "5 hours 10 minutes". A clock that is wrong by years needs no minutes to be told so.
/// </summary>
internal static class DurationText
{
    private static readonly (long Ticks, string One, string Many)[] Units =
    [
        (TimeSpan.TicksPerDay * 365, "year", "years"),
        (TimeSpan.TicksPerDay, "day", "days"),
        (TimeSpan.TicksPerHour, "hour", "hours"),
        (TimeSpan.TicksPerMinute, "minute", "minutes"),
        (TimeSpan.TicksPerSecond, "second", "seconds"),
    ];

    /// <summary>Words <paramref name="duration"/>, its sign ignored; under a second is "less than a second".</summary>
    internal static string Describe(TimeSpan duration)
    {
        var ticks = duration == TimeSpan.MinValue ? TimeSpan.MaxValue.Ticks : Math.Abs(duration.Ticks);
        for (var i = 0; i < Units.Length; i++)
        {
            var count = ticks / Units[i].Ticks;
            if (count == 0)
            {
                continue;
            }

            var text = Words(count, Units[i]);
            if (i + 1 < Units.Length && (ticks % Units[i].Ticks) / Units[i + 1].Ticks is var next and > 0)
            {
                text += " " + Words(next, Units[i + 1]);
            }

            return text;
        }

        return "less than a second";
    }

    private static string Words(long count, (long Ticks, string One, string Many) unit)
        => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? unit.One : unit.Many);
}
