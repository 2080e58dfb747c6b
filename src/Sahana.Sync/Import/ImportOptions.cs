namespace Sahana.Sync;

/// <summary>How one import merges.</summary>
public sealed class ImportOptions
{
}
