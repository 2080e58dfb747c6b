using System.Diagnostics.CodeAnalysis;

namespace Sahana.Sync.Import;

/// <summary>
/// What a sender-side key in the file stands for: the number of a merged table's row in its <see cref="UuidIndex"/>,
/// or the uuid of a row of a table that is only followed. Integer keys, the usual case, are kept as numbers.
/// </summary>
/// <typeparam name="T">What a key stands for.</typeparam>
internal sealed class SenderKeys<T>
{
    private readonly Dictionary<long, T> _numbers = [];
    private readonly Dictionary<string, T> _texts = new(StringComparer.Ordinal);

    internal bool TryGet(object key, [MaybeNullWhen(false)] out T value)
        => Number(key) is { } number
            ? _numbers.TryGetValue(number, out value)
            : _texts.TryGetValue(Text(key), out value);

    internal void Set(object key, T value)
    {
        if (Number(key) is { } number)
        {
            _numbers[number] = value;
        }
        else
        {
            _texts[Text(key)] = value;
        }
    }

    private static long? Number(object key) => key switch
    {
        int i => i,
        long l => l,
        short s => s,
        _ => null,
    };

    private static string Text(object key) => Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)!;
}
