namespace Sahana.Sync.Tests.Infrastructure;

/// <summary>
/// A wall clock the test sets, backwards too: the hybrid logical clock exists for the day an operator
/// sets the laptop's clock back, and FakeTimeProvider refuses to go there.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private bool _followsSystem;

    public DateTimeOffset Now { get; private set; } = start;

    /// <summary>
    /// A clock that tells the real time, as the clocks of a hub's app nodes do: where a test compares stamps with
    /// what the database server measured, a frozen clock would say something no server's clock says.
    /// </summary>
    public static TestClock FollowingSystem() => new(DateTimeOffset.UtcNow) { _followsSystem = true };

    public override DateTimeOffset GetUtcNow() => _followsSystem ? System.GetUtcNow() : Now;

    public void Advance(TimeSpan by) => Now += by;

    public void SetUtcNow(DateTimeOffset value) => Now = value;
}
