namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// The same row edited the same way on two instances with their wall clocks on the same, newest minute: both
/// stamp the same microsecond, only values differ, and the tie rule alone decides which survives.
/// </summary>
public sealed record TwinEditStep(int Site, int Twin, EditKind Kind, int Target, int Other, int Value, int TwinValue) : SyncStep
{
    public override string ToString() => $"sites {Site} and {Twin} at the same instant: {Kind} target#{Target} other#{Other} values v{Value} / v{TwinValue}";
}
