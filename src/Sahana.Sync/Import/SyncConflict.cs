namespace Sahana.Sync;

/// <summary>
/// A row both sides changed since they last agreed, or a differing local row that lost: both versions, as
/// file text (references as the referenced row's uuid), and which one survived.
/// </summary>
public sealed class SyncConflict
{
    internal SyncConflict(
        string table,
        string uuid,
        long line,
        IReadOnlyDictionary<string, string?> local,
        IReadOnlyDictionary<string, string?> remote,
        DateTime localModifiedOn,
        DateTime remoteModifiedOn,
        bool localDeleted,
        bool remoteDeleted)
    {
        Table = table;
        Uuid = uuid;
        Line = line;
        LocalValues = local;
        RemoteValues = remote;
        LocalModifiedOn = localModifiedOn;
        RemoteModifiedOn = remoteModifiedOn;
        LocalDeleted = localDeleted;
        RemoteDeleted = remoteDeleted;
    }

    /// <summary>Gets the table.</summary>
    public string Table { get; }

    /// <summary>Gets the row's uuid.</summary>
    public string Uuid { get; }

    /// <summary>Gets the line of the file where the remote version starts.</summary>
    public long Line { get; }

    /// <summary>Gets the local version's <c>modified_on</c>, in UTC.</summary>
    public DateTime LocalModifiedOn { get; }

    /// <summary>Gets the remote version's <c>modified_on</c>, in UTC.</summary>
    public DateTime RemoteModifiedOn { get; }

    /// <summary>Gets a value indicating whether the local version is a tombstone.</summary>
    public bool LocalDeleted { get; }

    /// <summary>Gets a value indicating whether the remote version is a tombstone.</summary>
    public bool RemoteDeleted { get; }

    /// <summary>Gets the local version, column by column, as file text (<see langword="null"/> for NULL).</summary>
    public IReadOnlyDictionary<string, string?> LocalValues { get; }

    /// <summary>Gets the remote version, column by column, as file text (<see langword="null"/> for NULL).</summary>
    public IReadOnlyDictionary<string, string?> RemoteValues { get; }

    /// <summary>Gets which version survived.</summary>
    public SyncConflictWinner Winner { get; internal set; }

    /// <inheritdoc/>
    public override string ToString()
        => FormattableString.Invariant(
                $"{Table} {Uuid} (line {Line}): local {LocalModifiedOn:yyyy-MM-dd HH:mm:ss.ffffff}")
            + (LocalDeleted ? " deleted" : string.Empty)
            + FormattableString.Invariant($", remote {RemoteModifiedOn:yyyy-MM-dd HH:mm:ss.ffffff}")
            + (RemoteDeleted ? " deleted" : string.Empty)
            + $": {Winner.ToString().ToLowerInvariant()} won";
}
