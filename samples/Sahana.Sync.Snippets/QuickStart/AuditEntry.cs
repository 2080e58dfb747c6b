using Sahana.Sync;

namespace ReliefApp.QuickStart;

/// <summary>A syncable table the quick start keeps local with <c>Exclude</c>.</summary>
public sealed class AuditEntry : ISyncableEntity
{
    public int Id { get; set; }
    public string Action { get; set; } = "";
    public string Uuid { get; set; } = "";
    public DateTime ModifiedOn { get; set; }
    public bool Deleted { get; set; }
}
