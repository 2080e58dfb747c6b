using System.Globalization;

namespace Sahana.Sync.Csv;

/// <summary>GUIDs, written and read as 32 hexadecimal digits in groups separated by hyphens (format <c>D</c>), written in lower case.</summary>
internal sealed class GuidCodec : ValueCodec<Guid>
{
    /// <summary>The instance.</summary>
    public static readonly GuidCodec Instance = new();

    private GuidCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "a GUID as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    /// <inheritdoc/>
    public override string Format(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override Guid ParseValue(string text) => Guid.TryParseExact(text, "D", out var value) ? value : throw Invalid(text);
}
