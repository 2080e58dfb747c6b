using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Hosting;
using Sahana.Sync.Import;
using Sahana.Sync.Signing;
using Sahana.Sync.Stamping;
using Sahana.Sync.Storage;

namespace Sahana.Sync;

/// <summary>
/// Imports a web2py DAL CSV stream: for every uuid the newest version survives, references are re-pointed
/// to local rows, deletions travel as tombstones, and the whole import is one transaction.
/// Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>, bound to that context.
/// </summary>
/// <remarks>
/// The file is read once, checked and parked in a temporary file while an index of its uuids is built;
/// only then does the merge begin, table by table, parents first, in batches. A bad file is rejected
/// before anything is written; any later failure, or a cancellation, rolls the whole import back.
/// </remarks>
public sealed partial class UuidMergeEngine
{
    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal UuidMergeEngine(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<UuidMergeEngine>();
    }

    /// <summary>Gets every table of the model with its verdict and the reason, parents first.</summary>
    public SyncPlan Plan => _services.GetPlan(_context.Model);

    /// <summary>
    /// Imports <paramref name="source"/>, which stays open, in one transaction: the caller's current
    /// transaction if it has one (the caller then commits), else one of its own. The same transaction adds
    /// the import's row to the history (<see cref="SyncImportRecord"/>, table <c>sync_import</c>).
    /// </summary>
    /// <remarks>
    /// This instance's clock moves past the file's stamps only when the import commits; a refused, failed or
    /// cancelled import leaves the next local stamp where it would have been. In the caller's transaction the
    /// engine cannot see the commit: the clock moves when this method returns, as the caller's commit is
    /// expected to follow. A rollback after that leaves the clock ahead by at most
    /// <see cref="SahanaSyncOptions.MaxClockSkew"/>, as no accepted stamp is further ahead.
    /// </remarks>
    /// <param name="source">The stream to read; the caller owns it. It need not be seekable.</param>
    /// <param name="options">How to merge; <see langword="null"/> for newest-wins.</param>
    /// <param name="cancellationToken">A token to cancel the import; the database is then left as it was.</param>
    /// <returns>What the import changed.</returns>
    /// <exception cref="SyncFormatException">
    /// The file is malformed, truncated, or holds a value or reference that does not fit; nothing was changed.
    /// </exception>
    /// <exception cref="SyncClockException">
    /// A stamp in the file is more than <see cref="SahanaSyncOptions.MaxClockSkew"/> ahead of this instance's wall
    /// clock; nothing was changed, the clock included.
    /// </exception>
    /// <exception cref="SyncConcurrencyException">
    /// Another import held the import lock too long, or a row changed in this database during the import;
    /// nothing was changed.
    /// </exception>
    /// <exception cref="SyncException">
    /// The import cannot be done, such as a restore into a database that holds rows; nothing was changed.
    /// </exception>
    public Task<MergeReport> ImportAsync(
        Stream source, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _services.Telemetry.ImportAsync(
            source, options, (counted, token) => ImportTracedAsync(counted, options, token), cancellationToken);
    }

    private async Task<MergeReport> ImportTracedAsync(
        Stream source, ImportOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return await ReadAndMergeAsync(source, options ?? new ImportOptions(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogFailure(e);
            await ImportFailures.RecordAsync(_context, _services, options, e, _logger).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<MergeReport> ReadAndMergeAsync(
        Stream source, ImportOptions options, CancellationToken cancellationToken)
    {
        var plan = Plan;
        await _services.EnsureSchemaAsync(_context, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var startedAt = _services.TimeProvider.GetUtcNow().UtcDateTime;
        LogImportStarting(_logger, options.Restore ? "restore" : "merge");

        var maxSkew = _services.Options.MaxClockSkew;
        // Hashed as it is read; the signature after END is checked once the whole file has been.
        using var signed = new SignedFileStream(source);
        using var file = await FileIndex
            .ReadAsync(signed, plan, options, startedAt, maxSkew, _services.Spills, cancellationToken)
            .ConfigureAwait(false);
        var signature = signed.Verify();
        var senderId = options.Restore ? null : SenderCheck.SenderOf(file.Sender, options);
        file.ThrowIfAhead();

        var clock = _services.Clock;
        await ClockSeeder.SeedAsync(clock, _context, async: true, cancellationToken).ConfigureAwait(false);

        var database = _context.Database;
        var strategy = database.CreateExecutionStrategy();
        if (database.CurrentTransaction is not null || !strategy.RetriesOnFailure)
        {
            return await MergeOnceAsync(
                    file, signature, plan, options, senderId, started, startedAt, cancellationToken)
                .ConfigureAwait(false);
        }

        // A retrying strategy (EnableRetryOnFailure) runs the database part as its operation: the file is parked
        // in the spill already, so a transient failure rolls back and merges again from there, never half-written.
        return await strategy.ExecuteAsync(
            token =>
            {
                foreach (var section in file.Sections.Values)
                {
                    section.Versions?.ClearLocalKeys();
                }

                return MergeOnceAsync(file, signature, plan, options, senderId, started, startedAt, token);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<MergeReport> MergeOnceAsync(
        FileIndex file,
        FileSignature? signature,
        SyncPlan plan,
        ImportOptions options,
        string? senderId,
        long started,
        DateTime startedAt,
        CancellationToken cancellationToken)
    {
        // What a conflict policy re-stamps is newer than every stamp in the file and here, yet the instance's
        // clock learns of the file only once the import commits: a refused file must not move the next save.
        // The rows and the history row this import writes are invisible to an export until it commits; the claim,
        // older than the import's ReceivedAt, holds such an export's bookmark back so the next delta finds them.
        var claim = _services.Uncommitted.Open();
        var clock = _services.Clock;
        var importClock = clock.ForImport(file.Newest);

        var database = _context.Database;
        var callers = database.CurrentTransaction?.GetDbTransaction();
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dialect = SqlDialect.For(database);
            var lockTimeout = _services.Options.ImportLockTimeout;
            var ownTransaction = await ImportLock.BeginAsync(_context, dialect, lockTimeout, cancellationToken)
                .ConfigureAwait(false);
            try
            {
                var session = new ImportSession(
                    file,
                    plan,
                    options,
                    new CommandRunner(_context),
                    database.CurrentTransaction!.GetDbTransaction(),
                    _context.GetService<ISqlGenerationHelper>(),
                    dialect,
                    importClock)
                {
                    ImportId = Guid.CreateVersion7(startedAt),
                    Signature = signature,
                    StartedAt = startedAt,
                };
                await using (session.ConfigureAwait(false))
                {
                    var sender = options.Restore
                        ? await RestoreAsync(session, cancellationToken).ConfigureAwait(false)
                        : await MergeAsync(session, senderId, cancellationToken).ConfigureAwait(false);
                    var report = new MergeReport(
                        sender,
                        options.Restore,
                        session.Tables,
                        file.Skipped,
                        session.Conflicts,
                        Stopwatch.GetElapsedTime(started))
                    {
                        Replayed = session.Replayed,
                        MatchedNoSyncedTable = !options.Restore && !file.NamesSyncedTable,
                        SenderFingerprint = session.SenderFingerprint,
                    };
                    if (report.MatchedNoSyncedTable)
                    {
                        LogNoSyncedTable(_logger, senderId ?? "an unnamed sender");
                    }

                    var finishedAt = _services.TimeProvider.GetUtcNow().UtcDateTime;
                    await ImportHistory.RecordAsync(session, report, startedAt, finishedAt, cancellationToken)
                        .ConfigureAwait(false);
                    await SyncConflictLog.PruneAsync(_context, _services, cancellationToken).ConfigureAwait(false);
                    if (ownTransaction is not null)
                    {
                        await ownTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    // In the caller's transaction this is before its commit, which is expected to follow; if it
                    // rolls back instead, the clock is ahead by at most MaxClockSkew, which is harmless.
                    clock.Observe(importClock.Last);

                    LogImportFinished(
                        _logger,
                        report.Sender?.BaseUuid ?? "(unnamed)",
                        report.TotalChanges,
                        report.ConflictCount,
                        report.Skipped.Count + report.UnreportedSkipped,
                        report.Duration.TotalMilliseconds);
                    return report;
                }
            }
            finally
            {
                if (ownTransaction is not null)
                {
                    await ownTransaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
            if (callers is not null)
            {
                claim.Until(callers);
            }
            else
            {
                claim.Close();
            }
        }
    }

    private async Task<SyncInstance?> RestoreAsync(ImportSession session, CancellationToken cancellationToken)
    {
        await Restorer.RestoreAsync(session, _context, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<SyncInstance?> MergeAsync(
        ImportSession session, string? senderId, CancellationToken cancellationToken)
    {
        var file = session.File;
        var keyToKeep = await SignatureTrust.CheckAsync(
            session, senderId, _services.Options, _services.SigningKey, cancellationToken).ConfigureAwait(false);
        if (senderId == _services.Options.InstanceId)
        {
            LogOwnFile(_logger, senderId);
            senderId = null;
        }

        session.Origin = SenderCheck.IsVouchedFor(session.Options) ? senderId : null;
        // A file that names no table synced here is from another application: its sender is no peer.
        var record = senderId is null || !file.NamesSyncedTable
            ? null
            : await SenderRecord.ReadAsync(session, senderId, cancellationToken).ConfigureAwait(false);
        // A reinstated version is this instance's own new edit: it replaces the row here, and is no conflict.
        session.AgreedUntil = session.Options.Reinstating ? DateTime.MaxValue : record?.PreviousUpdate;
        foreach (var table in session.Plan.SyncedTables)
        {
            if (file.Sections.TryGetValue(table.Table, out var section) && section.Versions is not null)
            {
                var merger = new TableMerger(session, section);
                session.Tables.Add(await merger.MergeAsync(cancellationToken).ConfigureAwait(false));
            }
        }

        await session.WritePendingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var skipped in file.Skipped.Items)
        {
            LogSkipped(_logger, skipped);
        }

        // A plain web2py file has no export timestamp: its newest stamp is what the next delta asks after.
        if (record is null || (file.Sender?.LastUpdate ?? file.Newest) is not { } lastUpdate)
        {
            return null;
        }

        // A file no newer than the bookmark (the same file again, or an older one) still merges its rows,
        // but moving the bookmark back would make rows agreed on since look like conflicts.
        if (record.PreviousUpdate is { } previous && lastUpdate <= previous)
        {
            session.Replayed = true;
            LogReplayed(_logger, record.BaseUuid, lastUpdate, previous);
            return record.AsRecorded();
        }

        return await record.WriteAsync(file.Sender, lastUpdate, keyToKeep, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs a failed import with its exception: a refused file as a warning (the sender's to fix), a cancellation
    /// as information, anything else as an error. The import changed nothing either way.
    /// </summary>
    private void LogFailure(Exception e)
    {
        switch (e)
        {
            case OperationCanceledException:
                LogImportCancelled(_logger);
                break;
            case SyncException refused:
                LogImportRefused(_logger, refused.GetType().Name, refused.Message, refused);
                break;
            default:
                LogImportFailed(_logger, e.Message, e);
                break;
        }
    }

    [LoggerMessage(
        EventId = 25,
        Level = LogLevel.Warning,
        Message = "Sync import refused ({Kind}), nothing was changed: {Problem}")]
    private static partial void LogImportRefused(ILogger logger, string kind, string problem, Exception exception);

    [LoggerMessage(
        EventId = 26,
        Level = LogLevel.Error,
        Message = "Sync import failed, nothing was changed: {Problem}")]
    private static partial void LogImportFailed(ILogger logger, string problem, Exception exception);

    [LoggerMessage(EventId = 27, Level = LogLevel.Information, Message = "Sync import cancelled, nothing was changed.")]
    private static partial void LogImportCancelled(ILogger logger);

    [LoggerMessage(
        EventId = 28,
        Level = LogLevel.Warning,
        Message = "The file from {Sender} names no table that is synced here: is it from another application? "
            + "Nothing was merged, and the sender was not recorded as a peer.")]
    private static partial void LogNoSyncedTable(ILogger logger, string sender);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Sync import ({Kind}) starting.")]
    private static partial void LogImportStarting(ILogger logger, string kind);

    [LoggerMessage(
        EventId = 21,
        Level = LogLevel.Information,
        Message = "Sync import from {Sender} changed {Changes} rows with {Conflicts} conflicts and {Skipped} skipped "
            + "sections in {ElapsedMs:F0} ms.")]
    private static partial void LogImportFinished(
        ILogger logger, string sender, long changes, long conflicts, long skipped, double elapsedMs);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Sync import skipped {Section}.")]
    private static partial void LogSkipped(ILogger logger, SkippedSection section);

    [LoggerMessage(
        EventId = 23,
        Level = LogLevel.Warning,
        Message = "The file was exported by this instance ('{Instance}'); its rows are merged, but it is not "
            + "recorded as a peer.")]
    private static partial void LogOwnFile(ILogger logger, string instance);

    [LoggerMessage(
        EventId = 24,
        Level = LogLevel.Information,
        Message = "The file from {Sender} was taken at {FileTime:O}, not after its last file here ({Bookmark:O}): "
            + "its rows are merged, its sync_instance row is left as it was.")]
    private static partial void LogReplayed(ILogger logger, string sender, DateTime fileTime, DateTime bookmark);
}
