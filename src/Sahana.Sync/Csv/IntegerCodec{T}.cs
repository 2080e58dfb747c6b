using System.Globalization;
using System.Numerics;

namespace Sahana.Sync.Csv;

/// <summary>Integers of every size, written in decimal digits with a leading minus when negative.</summary>
/// <typeparam name="T">The integer type.</typeparam>
internal sealed class IntegerCodec<T> : ValueCodec<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    /// <summary>The instance.</summary>
    public static readonly IntegerCodec<T> Instance = new();

    private IntegerCodec()
    {
        Expected = string.Create(CultureInfo.InvariantCulture, $"an integer from {T.MinValue} to {T.MaxValue}");
    }

    /// <inheritdoc/>
    public override string Expected { get; }

    /// <inheritdoc/>
    public override string Format(T value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override T ParseValue(string text) =>
        T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(text);
}
