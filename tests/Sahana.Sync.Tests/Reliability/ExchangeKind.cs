namespace Sahana.Sync.Tests.Reliability;

/// <summary>How a file travels between two instances.</summary>
public enum ExchangeKind
{
    /// <summary>A full export.</summary>
    Full,

    /// <summary>A delta since what the receiver last imported from the sender.</summary>
    Delta,

    /// <summary>A file the sender made earlier, imported again (or late).</summary>
    Stale,
}
