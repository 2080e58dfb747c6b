namespace Sahana.Sync.Tests.Reliability;

/// <summary><paramref name="To"/> imports a file from <paramref name="From"/>; a stale one is the <paramref name="Stale"/>th file <paramref name="From"/> made so far (modulo).</summary>
public sealed record ExchangeStep(int From, int To, ExchangeKind Kind, int Stale) : SyncStep
{
    public override string ToString() => Kind == ExchangeKind.Stale ? $"{From} -> {To}: stale file #{Stale}" : $"{From} -> {To}: {Kind}";
}
