namespace Sahana.Sync;

/// <summary>What an export wrote.</summary>
public sealed class ExportResult
{
}
