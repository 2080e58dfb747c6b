namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>A wall clock the test sets; timers still run on real time.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
