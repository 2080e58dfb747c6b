using Sahana.Sync.Stamping;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Stamping;

public sealed class HybridLogicalClockTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_follows_the_wall_clock_while_it_moves_forward()
    {
        var time = new TestClock(Noon);
        var clock = new HybridLogicalClock(time);

        clock.Next().Should().Be(Noon.UtcDateTime);
        time.Advance(TimeSpan.FromSeconds(1));
        clock.Next().Should().Be(Noon.UtcDateTime.AddSeconds(1));
    }

    [Fact]
    public void Next_is_strictly_increasing_when_the_wall_clock_stands_still_or_goes_back()
    {
        var time = new TestClock(Noon);
        var clock = new HybridLogicalClock(time);
        var first = clock.Next();
        var second = clock.Next();
        time.SetUtcNow(Noon.AddMinutes(-10));
        var third = clock.Next();

        second.Should().Be(first.AddTicks(HybridLogicalClock.TicksPerStep));
        third.Should().Be(second.AddTicks(HybridLogicalClock.TicksPerStep));
    }

    [Fact]
    public void Observing_a_stamp_from_a_fast_peer_moves_the_clock_past_it()
    {
        var clock = new HybridLogicalClock(new TestClock(Noon));
        var fromFastPeer = Noon.UtcDateTime.AddHours(1);

        clock.Observe(fromFastPeer);

        clock.Next().Should().Be(fromFastPeer.AddTicks(HybridLogicalClock.TicksPerStep));
    }

    [Fact]
    public void Observing_an_older_stamp_changes_nothing()
    {
        var clock = new HybridLogicalClock(new TestClock(Noon));
        clock.Observe(Noon.UtcDateTime.AddDays(-1));

        clock.Next().Should().Be(Noon.UtcDateTime);
    }

    [Fact]
    public void Stamps_are_truncated_to_whole_microseconds()
    {
        var clock = new HybridLogicalClock(new TestClock(Noon.AddTicks(17)));

        clock.Next().Ticks.Should().Be(Noon.UtcDateTime.AddTicks(10).Ticks);
    }

    [Fact]
    public void Unspecified_stamps_read_from_sqlite_are_taken_as_utc()
    {
        var clock = new HybridLogicalClock(new TestClock(Noon));
        clock.Observe(DateTime.SpecifyKind(Noon.UtcDateTime.AddHours(2), DateTimeKind.Unspecified));

        clock.Next().Should().Be(Noon.UtcDateTime.AddHours(2).AddTicks(10));
    }

    [Fact]
    public async Task Concurrent_callers_never_get_the_same_stamp()
    {
        var clock = new HybridLogicalClock(new TestClock(Noon));
        var stamps = new System.Collections.Concurrent.ConcurrentBag<DateTime>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                stamps.Add(clock.Next());
            }
        })));

        stamps.Distinct().Should().HaveCount(40_000);
    }
}
