using Sahana.Sync.Diagnostics;

namespace Sahana.Sync.AspNetCore;

/// <summary>The spans of a pull and a push: the HTTP requests and the import or export run inside them.</summary>
internal static class SyncClientTelemetry
{
    internal const string Pull = "pull";

    internal const string Push = "push";

    /// <summary>Runs one direction of a sync under its span: the peer, the kind and the rows, or the error.</summary>
    internal static async Task<SyncTransfer> TraceAsync(
        SyncTelemetry telemetry,
        string operation,
        SyncPeer peer,
        Func<SyncPeer, CancellationToken, Task<SyncTransfer>> run,
        CancellationToken cancellationToken)
    {
        using var activity = SyncTelemetry.Source.StartActivity(
            operation == Pull ? "sahana_sync.pull" : "sahana_sync.push");
        activity?.SetTag("sahana_sync.peer.address", peer.Url);
        if (peer.InstanceId is { } expected)
        {
            activity?.SetTag("sahana_sync.peer", expected);
        }

        try
        {
            var transfer = await run(peer, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("sahana_sync.peer", transfer.PeerId)
                .SetTag("sahana_sync.export.kind", transfer.Since is null ? "full" : "delta")
                .SetTag("sahana_sync.changes", transfer.Changes)
                .SetTag("sahana_sync.rows", transfer.Inserted + transfer.Updated + transfer.Unchanged)
                .SetTag("sahana_sync.conflicts", transfer.Conflicts);
            return transfer;
        }
        catch (Exception e)
        {
            telemetry.Failed(activity, e, operation);
            throw;
        }
    }
}
