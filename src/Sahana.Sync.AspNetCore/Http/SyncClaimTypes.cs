namespace Sahana.Sync.AspNetCore;

/// <summary>The claim types the sync endpoints read from the authenticated caller.</summary>
public static class SyncClaimTypes
{
    /// <summary>
    /// An instance id (<c>base_uuid</c>) the caller may speak for, one claim per id: <c>"sahana_sync_instance"</c>.
    /// By default (<see cref="SyncEndpointOptions.SenderIdsOf"/>) <c>POST …/import</c> accepts a file only from
    /// these instances, and <c>GET …/instance?peer=</c> answers only for them. The host's authentication adds
    /// it, for example from a client certificate or a token issued to that instance.
    /// </summary>
    public const string Instance = "sahana_sync_instance";
}
