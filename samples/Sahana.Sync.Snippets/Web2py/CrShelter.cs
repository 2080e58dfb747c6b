// begin-snippet: web2py-entity
using Sahana.Sync;
// end-snippet

namespace ReliefApp.Web2py;

// begin-snippet: web2py-entity
public sealed class CrShelter : ISyncableEntity
{
    public int Id { get; set; }                       // id
    public string? Name { get; set; }                 // name
    public int? OrganisationId { get; set; }          // organisation_id, a reference web2py writes as the id
    public OrgOrganisation? Organisation { get; set; }
    public int? Capacity { get; set; }                // capacity
    public string Uuid { get; set; } = "";            // uuid
    public bool Deleted { get; set; }                 // deleted
    public DateTime? CreatedOn { get; set; }          // created_on
    public DateTime ModifiedOn { get; set; }          // modified_on
}
// end-snippet
