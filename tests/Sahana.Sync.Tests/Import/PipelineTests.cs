using Sahana.Sync.Import;

namespace Sahana.Sync.Tests.Import;

public sealed class PipelineTests
{
    [Fact]
    public async Task Items_arrive_in_order()
    {
        var seen = new List<int>();

        await Pipeline.RunAsync<int>(
            async (emit, _) =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    await emit(i);
                }
            },
            i => { seen.Add(i); return Task.CompletedTask; },
            capacity: 2,
            CancellationToken.None);

        seen.Should().Equal(Enumerable.Range(0, 1000));
    }

    [Fact]
    public async Task A_producer_failure_comes_after_every_item_before_it_as_it_was_thrown()
    {
        var seen = new List<int>();

        var run = () => Pipeline.RunAsync<int>(
            async (emit, _) =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await emit(i);
                }

                throw new SyncFormatException("t", 11, "c", "expected something");
            },
            i => { seen.Add(i); return Task.CompletedTask; },
            capacity: 2,
            CancellationToken.None);

        (await run.Should().ThrowExactlyAsync<SyncFormatException>()).Which.Line.Should().Be(11);
        seen.Should().Equal(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task A_consumer_failure_wins_and_the_producer_has_stopped_when_it_surfaces()
    {
        var producerStopped = false;

        var run = () => Pipeline.RunAsync<int>(
            async (emit, token) =>
            {
                try
                {
                    for (var i = 0; ; i++)
                    {
                        await emit(i);
                    }
                }
                finally
                {
                    producerStopped = true;
                }
            },
            i => i == 3 ? throw new InvalidOperationException("the database refused row 3") : Task.CompletedTask,
            capacity: 2,
            CancellationToken.None);

        await run.Should().ThrowExactlyAsync<InvalidOperationException>().WithMessage("*row 3*");
        producerStopped.Should().BeTrue();
    }

    [Fact]
    public async Task Cancellation_stops_both_sides()
    {
        using var cancel = new CancellationTokenSource();
        var producerStopped = false;

        var run = () => Pipeline.RunAsync<int>(
            async (emit, token) =>
            {
                try
                {
                    for (var i = 0; ; i++)
                    {
                        token.ThrowIfCancellationRequested();
                        await emit(i);
                    }
                }
                finally
                {
                    producerStopped = true;
                }
            },
            async i =>
            {
                if (i == 5)
                {
                    await cancel.CancelAsync();
                }
            },
            capacity: 2,
            cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        producerStopped.Should().BeTrue();
    }
}
