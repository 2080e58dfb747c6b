namespace Sahana.Sync.AspNetCore;

/// <summary>A pull followed by a push with one peer: what <see cref="SyncClient.SyncAsync"/> returns.</summary>
/// <param name="Pull">The file pulled from the peer and imported here.</param>
/// <param name="Push">The file pushed to the peer and imported there.</param>
public sealed record SyncExchange(SyncTransfer Pull, SyncTransfer Push);
