namespace Sahana.Sync.AspNetCore;

/// <summary>One file sent one way, and what the receiving side's import did with it.</summary>
/// <param name="Peer">The peer.</param>
/// <param name="PeerId">The peer's instance id (<c>base_uuid</c>), as it answered.</param>
/// <param name="Direction">Which way the file went.</param>
/// <param name="Since">The start of the delta (on the exporting side's clock), or <see langword="null"/> for a full export.</param>
/// <param name="Inserted">Rows new to the receiver.</param>
/// <param name="Updated">Rows the receiver replaced with a newer version.</param>
/// <param name="Unchanged">Rows the receiver already held as the newest version.</param>
/// <param name="Conflicts">Rows both sides changed since they last agreed.</param>
/// <param name="Duration">How long the transfer took, export and import included.</param>
public sealed record SyncTransfer(SyncPeer Peer, string PeerId, SyncDirection Direction, DateTime? Since, long Inserted, long Updated, long Unchanged, long Conflicts, TimeSpan Duration)
{
    /// <summary>Gets the full report of this instance's import, for a pull; <see langword="null"/> for a push (the peer keeps its own).</summary>
    public MergeReport? Report { get; init; }

    /// <summary>Gets the rows the receiver inserted or updated.</summary>
    public long Changes => Inserted + Updated;

    /// <inheritdoc/>
    public override string ToString()
        => FormattableString.Invariant($"{Direction} {(Direction == SyncDirection.Pull ? "from" : "to")} '{PeerId}' ({Peer}), {(Since is null ? "full" : $"delta since {Since:O}")}, in {Duration.TotalMilliseconds:F0} ms: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Conflicts} conflicts.");
}
