namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A wall clock the test sets, backwards too: the hybrid logical clock exists for the day an operator
/// sets the laptop's clock back, and FakeTimeProvider refuses to go there.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

    public void SetUtcNow(DateTimeOffset value) => Now = value;
}
