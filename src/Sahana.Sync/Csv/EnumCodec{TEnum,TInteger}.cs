using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sahana.Sync.Csv;

/// <summary>
/// Enums, written and read as the number of their underlying type, as EF stores them by default. Any
/// number of that type reads, defined in the enum or not, as EF would store it.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
/// <typeparam name="TInteger">The enum's underlying integer type.</typeparam>
internal sealed class EnumCodec<TEnum, TInteger> : ValueCodec<TEnum>
    where TEnum : struct, Enum
    where TInteger : struct, IBinaryInteger<TInteger>, IMinMaxValue<TInteger>
{
    /// <summary>The instance.</summary>
    public static readonly EnumCodec<TEnum, TInteger> Instance = new();

    private EnumCodec()
    {
        if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(TInteger))
        {
            throw new ArgumentException($"The underlying type of {typeof(TEnum)} is not {typeof(TInteger)}.");
        }

        Expected = $"{IntegerCodec<TInteger>.Instance.Expected} (the number of a {typeof(TEnum).Name})";
    }

    /// <inheritdoc/>
    public override string Expected { get; }

    /// <inheritdoc/>
    public override string Format(TEnum value) => IntegerCodec<TInteger>.Instance.Format(Unsafe.BitCast<TEnum, TInteger>(value));

    /// <inheritdoc/>
    public override TEnum ParseValue(string text)
    {
        try
        {
            return Unsafe.BitCast<TInteger, TEnum>(IntegerCodec<TInteger>.Instance.ParseValue(text));
        }
        catch (ValueFormatException e)
        {
            throw Invalid(text, e);
        }
    }
}
