namespace Sahana.Sync.Tests.Reliability;

/// <summary>What an edit does.</summary>
public enum EditKind
{
    InsertTeam,
    InsertMember,
    Rename,
    Delete,
    Undelete,
    MoveToTeam,
    ChangeMentor,
    ChangeLead,
}
