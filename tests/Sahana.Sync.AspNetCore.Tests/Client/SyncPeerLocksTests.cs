namespace Sahana.Sync.AspNetCore.Tests.Client;

public sealed class SyncPeerLocksTests
{
    private readonly TestClock _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_peer_held_by_a_run_cannot_be_taken_by_another_but_other_peers_can()
    {
        var locks = new SyncPeerLocks(_time);

        using var first = locks.TryAcquire("http://galle/sync/", TimeSpan.FromMinutes(30));

        first.Should().NotBeNull();
        locks.TryAcquire("http://galle/sync/", TimeSpan.FromMinutes(30)).Should().BeNull();
        locks.TryAcquire("http://jaffna/sync/", TimeSpan.FromMinutes(30)).Should().NotBeNull();
    }

    [Fact]
    public void A_released_peer_can_be_taken_again()
    {
        var locks = new SyncPeerLocks(_time);
        locks.TryAcquire("galle", TimeSpan.FromMinutes(30))!.Dispose();

        locks.TryAcquire("galle", TimeSpan.FromMinutes(30)).Should().NotBeNull();
    }

    [Fact]
    public void A_lease_lapses_at_its_expiry_even_if_its_run_never_returns_and_the_late_release_frees_nothing()
    {
        var locks = new SyncPeerLocks(_time);
        var hung = locks.TryAcquire("galle", TimeSpan.FromMinutes(30))!;
        _time.Advance(TimeSpan.FromMinutes(29));
        locks.TryAcquire("galle", TimeSpan.FromMinutes(30)).Should().BeNull();

        _time.Advance(TimeSpan.FromMinutes(1));
        var next = locks.TryAcquire("galle", TimeSpan.FromMinutes(30));
        hung.Dispose();

        next.Should().NotBeNull("the hung run's lease lapsed");
        locks.TryAcquire("galle", TimeSpan.FromMinutes(30)).Should().BeNull("the hung run's late release must not free the new run's lease");
    }

    [Fact]
    public async Task A_waiting_call_takes_the_peer_as_soon_as_the_run_before_it_ends()
    {
        var locks = new SyncPeerLocks(_time);
        var running = locks.TryAcquire("galle", TimeSpan.FromMinutes(30))!;

        var waiting = locks.AcquireAsync("galle", TimeSpan.FromMinutes(30), CancellationToken.None);
        await Task.Delay(100);
        waiting.IsCompleted.Should().BeFalse();
        running.Dispose();

        using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        taken.Should().NotBeNull();
    }

    [Fact]
    public async Task A_waiting_call_can_be_cancelled()
    {
        var locks = new SyncPeerLocks(_time);
        using var running = locks.TryAcquire("galle", TimeSpan.FromMinutes(30))!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var waiting = () => locks.AcquireAsync("galle", TimeSpan.FromMinutes(30), cancel.Token);

        await waiting.Should().ThrowAsync<OperationCanceledException>();
    }
}
