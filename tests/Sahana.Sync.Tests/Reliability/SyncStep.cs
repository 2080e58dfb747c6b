namespace Sahana.Sync.Tests.Reliability;

/// <summary>One thing that happens in a history: an edit on one instance, or a file carried between two.</summary>
public abstract record SyncStep;
