namespace Sahana.Sync.Tests.Reliability;

/// <summary>
/// <paramref name="Edit"/> is saved on its site while that site exports a delta to <paramref name="To"/>: the save
/// has stamped its rows and is held before it writes them until the export is done, so the file cannot carry it.
/// </summary>
public sealed record EditDuringExportStep(EditStep Edit, int To) : SyncStep
{
    public override string ToString() => $"{Edit}, saved while {Edit.Site} -> {To}: Delta";
}
