using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Sahana.Sync.Csv;

/// <summary>
/// Finds the <see cref="ValueCodec"/> of a CLR type: <see cref="string"/>, <see cref="bool"/>, every
/// integer type, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="TimeSpan"/>,
/// <see cref="Guid"/>, <c>byte[]</c>, <see cref="char"/>, enums, and
/// <see cref="Nullable{T}"/> of any of them (whose codec is that of the type inside: null is
/// <c>&lt;NULL&gt;</c>, handled by the reader and the writer). The codec of a type <c>X</c> is a
/// <see cref="ValueCodec{T}"/> of <c>X</c>, or of <c>X</c>'s inner type for a nullable.
/// </summary>
internal static class ValueCodecs
{
    private static readonly FrozenDictionary<Type, ValueCodec> Builtin = new ValueCodec[]
    {
        StringCodec.Instance,
        BooleanCodec.Instance,
        IntegerCodec<sbyte>.Instance,
        IntegerCodec<byte>.Instance,
        IntegerCodec<short>.Instance,
        IntegerCodec<ushort>.Instance,
        IntegerCodec<int>.Instance,
        IntegerCodec<uint>.Instance,
        IntegerCodec<long>.Instance,
        IntegerCodec<ulong>.Instance,
        IntegerCodec<Int128>.Instance,
        IntegerCodec<UInt128>.Instance,
        SingleCodec.Instance,
        DoubleCodec.Instance,
        DecimalCodec.Instance,
        DateTimeCodec.Instance,
        DateTimeOffsetCodec.Instance,
        DateOnlyCodec.Instance,
        TimeOnlyCodec.Instance,
        TimeSpanCodec.Instance,
        GuidCodec.Instance,
        ByteArrayCodec.Instance,
        CharCodec.Instance,
    }.ToFrozenDictionary(codec => codec.ClrType);

    private static readonly ConcurrentDictionary<Type, ValueCodec> EnumCodecs = new();

    /// <summary>Gets the types with a codec of their own; enums and nullables of them have one too.</summary>
    public static IEnumerable<Type> SupportedTypes => Builtin.Keys;

    /// <summary>Gets the codec of a type.</summary>
    /// <param name="clrType">The type, possibly <see cref="Nullable{T}"/> or an enum.</param>
    /// <returns>The codec; the same instance on every call.</returns>
    /// <exception cref="NotSupportedException">No codec converts values of <paramref name="clrType"/>.</exception>
    public static ValueCodec For(Type clrType) =>
        TryFor(clrType, out var codec)
            ? codec
            : throw new NotSupportedException(
                $"Values of type {clrType} cannot be written to or read from a web2py CSV file. Supported are string, bool, the integer types, float, double, decimal, "
                + "DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Guid, byte[], char, enums, and nullables of these; map the property to one of them with a value converter.");

    /// <summary>Gets the typed codec of a type that is not nullable.</summary>
    /// <typeparam name="T">The type; for a nullable, the type inside.</typeparam>
    /// <returns>The codec; the same instance on every call.</returns>
    /// <exception cref="NotSupportedException">No codec converts values of <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is nullable.</exception>
    public static ValueCodec<T> For<T>() =>
        Nullable.GetUnderlyingType(typeof(T)) is { } inner
            ? throw new ArgumentException($"Ask for the codec of {inner}: null is not a value a codec sees.", nameof(T))
            : (ValueCodec<T>)For(typeof(T));

    /// <summary>Gets the codec of a type, if it has one.</summary>
    /// <param name="clrType">The type, possibly <see cref="Nullable{T}"/> or an enum.</param>
    /// <param name="codec">The codec, or <see langword="null"/>.</param>
    /// <returns>Whether the type has a codec.</returns>
    public static bool TryFor(Type clrType, [NotNullWhen(true)] out ValueCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(clrType);
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (Builtin.TryGetValue(type, out codec))
        {
            return true;
        }

        if (type.IsEnum && Enum.GetUnderlyingType(type) is var integer && integer != typeof(bool) && integer != typeof(char) && Builtin.ContainsKey(integer))
        {
            codec = EnumCodecs.GetOrAdd(type, CreateEnumCodec);
            return true;
        }

        codec = null;
        return false;
    }

    private static ValueCodec CreateEnumCodec(Type enumType)
    {
        // Every integer type can underlie an enum; the codec is generic so that it formats without boxing.
        var codecType = typeof(EnumCodec<,>).MakeGenericType(enumType, Enum.GetUnderlyingType(enumType));
        return (ValueCodec)codecType.GetField(nameof(EnumCodec<DayOfWeek, int>.Instance))!.GetValue(null)!;
    }
}
