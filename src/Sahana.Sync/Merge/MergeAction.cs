namespace Sahana.Sync.Merge;

/// <summary>What the merge does with a uuid.</summary>
internal enum MergeAction
{
    /// <summary>No local row: insert the file's version.</summary>
    Insert,

    /// <summary>Replace the local row with the file's version.</summary>
    Update,

    /// <summary>The local row is the file's version already.</summary>
    Unchanged,

    /// <summary>The local row wins; the file's version is older.</summary>
    KeepLocal,
}
