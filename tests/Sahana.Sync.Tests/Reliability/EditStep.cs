namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// An edit saved on <paramref name="Site"/>. The wall clock of step k is minute k of the history, moved by
/// <paramref name="Skew"/> minutes (backwards too), so that instances also stamp equal microseconds by chance.
/// </summary>
public sealed record EditStep(int Site, int Skew, EditKind Kind, int Target, int Other, int Value) : SyncStep
{
    public override string ToString() => $"site {Site} (clock {Skew:+0;-0;0} min): {Kind} target#{Target} other#{Other} value v{Value}";
}
