namespace Sahana.Sync;

/// <summary>What an import changed, table by table.</summary>
public sealed class MergeReport
{
}
