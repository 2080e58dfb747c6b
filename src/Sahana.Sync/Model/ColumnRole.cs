namespace Sahana.Sync.Model;

/// <summary>What a column means to sync.</summary>
internal enum ColumnRole
{
    Data,
    Key,
    Uuid,
    ModifiedOn,
    Deleted,
}
