namespace Sahana.Sync;

/// <summary>What one export writes.</summary>
public sealed class ExportOptions
{
}
