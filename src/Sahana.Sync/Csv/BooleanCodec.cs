namespace Sahana.Sync.Csv;

/// <summary>
/// Booleans, written <c>True</c> and <c>False</c> as Python writes them; read from those or <c>T</c> and
/// <c>F</c> (how some web2py adapters store booleans), in any case.
/// </summary>
internal sealed class BooleanCodec : ValueCodec<bool>
{
    /// <summary>The instance.</summary>
    public static readonly BooleanCodec Instance = new();

    private BooleanCodec()
    {
    }

    /// <inheritdoc/>
    public override string Expected => "True or False";

    /// <inheritdoc/>
    public override string Format(bool value) => value ? "True" : "False";

    /// <inheritdoc/>
    public override bool ParseValue(string text)
    {
        if (text.Equals("True", StringComparison.OrdinalIgnoreCase) || text.Equals("T", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("False", StringComparison.OrdinalIgnoreCase) || text.Equals("F", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw Invalid(text);
    }
}
