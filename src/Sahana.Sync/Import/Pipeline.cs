using System.Threading.Channels;

namespace Sahana.Sync.Import;

/// <summary>
/// Runs a producer on a thread-pool thread and hands its items, in order, to a consumer on the caller's flow
/// through a small bounded channel. Both passes of an import split this way: reading the CSV beside indexing
/// it, reading the spill beside the database's writes. Either side's work hides behind the other's.
/// </summary>
/// <remarks>
/// Failures keep the order of the file: the consumer's own exception wins, since it concerns an earlier
/// item than anything the producer was still reading; otherwise the producer's exception (a malformed file,
/// a cancellation) is rethrown as it was thrown, once the consumer has taken every item before it.
/// The producer has always stopped when this returns.
/// </remarks>
internal static class Pipeline
{
    /// <param name="produce">Writes the items, in order, through the function it is given.</param>
    /// <param name="consume">Takes one item.</param>
    /// <param name="capacity">
    /// How many items may wait between the two: each is memory, so a few small ones or one large one.
    /// </param>
    /// <param name="cancellationToken">Stops both sides.</param>
    internal static async Task RunAsync<T>(
        Func<Func<T, ValueTask>, CancellationToken, Task> produce,
        Func<T, Task> consume,
        int capacity,
        CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Not Task.Run's token: a producer that never started would never complete the channel.
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await produce(item => channel.Writer.WriteAsync(item, stop.Token), stop.Token)
                        .ConfigureAwait(false);
                }
                finally
                {
                    channel.Writer.Complete();
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await consume(item).ConfigureAwait(false);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
// The consumer's exception is the one to report; the producer's is a consequence or a later line.
#pragma warning disable CA1031
            catch
#pragma warning restore CA1031
            {
            }

            throw;
        }

        await producer.ConfigureAwait(false);
    }
}
