using System.Globalization;

namespace Sahana.Sync.Csv;

/// <summary>Durations, written and read in .NET's invariant constant format <c>c</c>: <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
internal sealed class TimeSpanCodec : ValueCodec<TimeSpan>
{
    /// <summary>The instance.</summary>
    public static readonly TimeSpanCodec Instance = new();

    private TimeSpanCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a duration as [-][d.]hh:mm:ss[.fffffff]";

    /// <inheritdoc/>
    public override string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override TimeSpan ParseValue(string text) =>
        TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
}
