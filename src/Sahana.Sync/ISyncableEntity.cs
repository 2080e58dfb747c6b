namespace Sahana.Sync;

/// <summary>
/// The contract an entity implements to travel between instances. Sahana.Sync stamps these members
/// on <c>SaveChanges</c> and indexes <see cref="Uuid"/>; the host only declares them.
/// </summary>
public interface ISyncableEntity
{
    /// <summary>
    /// Gets or sets the identity of the row across every instance: any unique text up to 128 characters,
    /// such as Sahana Eden's <c>urn:uuid:…</c> or a Sahana 2 id built from the instance's <c>base_uuid</c>.
    /// Filled with a time-ordered UUID on insert when empty.
    /// </summary>
    string Uuid { get; set; }

    /// <summary>
    /// Gets or sets when the row was last changed, in UTC. Stamped from the instance's hybrid logical clock
    /// on every insert and update; the newest version of a uuid wins when instances merge.
    /// </summary>
    DateTime ModifiedOn { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the row is a tombstone: deleted here, kept so that the
    /// deletion travels to the other instances.
    /// </summary>
    bool Deleted { get; set; }
}
