using Sahana.Sync;

namespace ReliefApp.Web2py;

/// <summary>web2py's org_organisation, which a shelter references.</summary>
public sealed class OrgOrganisation : ISyncableEntity
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string Uuid { get; set; } = "";
    public bool Deleted { get; set; }
    public DateTime ModifiedOn { get; set; }
}
