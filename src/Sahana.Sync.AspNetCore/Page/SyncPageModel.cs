namespace Sahana.Sync.AspNetCore.Page;

/// <summary>Everything one rendering of the page shows.</summary>
internal sealed record SyncPageModel(
    SahanaSyncOptions Instance,
    SyncPlan Plan,
    IReadOnlyList<SyncInstance> Peers,
    IReadOnlyList<SyncImportRecord> History,
    string PagePath,
    string AntiforgeryFieldName,
    string? AntiforgeryToken,
    long MaxUploadBytes,
    UploadOutcome? Outcome,
    SyncClockStatus? Clock = null,
    ClockRepairOutcome? ClockOutcome = null,
    ConflictLogPage? Conflicts = null,
    ConflictOutcome? ConflictOutcome = null,
    string? KeyFingerprint = null,
    IReadOnlyList<SyncImportFailure>? Failures = null);
