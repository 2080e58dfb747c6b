// begin-snippet: quick-start-entity
using Sahana.Sync;
// end-snippet

namespace ReliefApp.QuickStart;

// begin-snippet: quick-start-entity
public sealed class Person : ISyncableEntity
{
    public int Id { get; set; }                 // a single-column key: ids stay local
    public string Name { get; set; } = "";
    public int? OrganisationId { get; set; }    // re-pointed by uuid on import
    public string Uuid { get; set; } = "";      // filled on insert when empty
    public DateTime ModifiedOn { get; set; }    // stamped on every insert and update (UTC)
    public bool Deleted { get; set; }           // Remove() sets it: a tombstone that travels
}
// end-snippet
