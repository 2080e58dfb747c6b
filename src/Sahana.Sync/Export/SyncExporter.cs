using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Csv;
using Sahana.Sync.Export;
using Sahana.Sync.Hosting;
using Sahana.Sync.Model;
using Sahana.Sync.Signing;
using Sahana.Sync.Stamping;
using Sahana.Sync.Storage;

namespace Sahana.Sync;

/// <summary>
/// Writes the synced tables of the whole database as one CSV stream in the web2py DAL format, straight
/// from a <see cref="DbDataReader"/> to the stream: memory does not grow with the number of rows.
/// Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>, bound to that context.
/// </summary>
public sealed partial class SyncExporter
{
    // How far an uncommitted write may hold an export's bookmark back before the operator hears of it.
    private static readonly TimeSpan HeldBackWarning = TimeSpan.FromMinutes(1);

    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal SyncExporter(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SyncExporter>();
    }

    /// <summary>Gets every table of the model with its verdict and the reason, in export order.</summary>
    public SyncPlan Plan => _services.GetPlan(_context.Model);

    /// <summary>
    /// Writes the export to <paramref name="destination"/>, which stays open. The rows are read in one
    /// snapshot transaction (or the caller's current transaction), so the file is consistent. On SQLite, whose
    /// snapshot is the database's write lock, the file is spooled to disk first, so a slow reader never holds up
    /// the host's saves.
    /// </summary>
    /// <param name="destination">The stream to write to; the caller owns it.</param>
    /// <param name="options">What to write; <see langword="null"/> for every synced table in full.</param>
    /// <param name="cancellationToken">A token to cancel the export.</param>
    /// <returns>The tables and rows written, and the export's timestamp.</returns>
    public Task<ExportResult> ExportAsync(
        Stream destination, ExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _services.Telemetry.ExportAsync(
            destination, options, (counted, token) => ExportTracedAsync(counted, options, token), cancellationToken);
    }

    private async Task<ExportResult> ExportTracedAsync(
        Stream destination, ExportOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new ExportOptions();
        if (options.Backup && options.ModifiedSince is not null)
        {
            throw new ArgumentException(
                "A backup writes every row; it cannot be a delta (ModifiedSince).", nameof(options));
        }

        var plan = Plan;
        var started = Stopwatch.GetTimestamp();
        await _services.EnsureSchemaAsync(_context, cancellationToken).ConfigureAwait(false);
        await ClockSeeder.SeedAsync(_services.Clock, _context, async: true, cancellationToken).ConfigureAwait(false);
        var database = _context.Database;
        if (options is { Recipient: not null, ModifiedSince: not null, Backup: false })
        {
            // Imports only append the origins they write; the echo filter reads them folded.
            var folding = Stopwatch.GetTimestamp();
            var folded = await SyncOrigins.FoldAsync(_context, cancellationToken).ConfigureAwait(false);
            var foldMs = Stopwatch.GetElapsedTime(folding).TotalMilliseconds;
            LogOriginsFolded(_logger, folded, foldMs);
        }

        // Taken before the snapshot: a write still in flight now commits after it, unseen, so the bookmark the
        // peer resumes from reaches back to the oldest stamp such a write may hold.
        var point = database.CurrentTransaction is { } callers
            ? _services.Uncommitted.TakeExportPoint(callers.GetDbTransaction())
            : _services.Uncommitted.TakeExportPoint();
        if (database.CurrentTransaction is null && SqlDialect.For(database) is { SharedByOtherProcesses: true } dialect)
        {
            point = await OtherWriters.HoldBackAsync(database, dialect, point, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<SyncTablePlan> tables = options.Backup ? [.. plan.BackupTables] : [.. plan.SyncedTables];
        if (options.ModifiedSince is { } since && !options.Backup)
        {
            LogDeltaStarting(_logger, tables.Count, since, point.Timestamp);
        }
        else
        {
            LogExportStarting(_logger, options.Backup ? "backup" : "full", tables.Count, point.Timestamp);
        }

        if (point.Timestamp - point.Bookmark > HeldBackWarning)
        {
            LogBookmarkHeldBack(_logger, point.Bookmark, point.Timestamp);
        }

        var run = new ExportRun(options, plan, tables, point, started);

        if (database.CurrentTransaction is null && SqlDialect.For(database).SpoolsExports
            && destination is not FileStream)
        {
            // SQLite's snapshot is its write lock: held while a slow link drains the stream, it would stop every
            // host save. The file goes to a spool, the transaction ends, and only then does the spool go out. A
            // file the caller opened (a push's own spool, a backup) takes the bytes as fast as a spool would.
            var spool = _services.Spills.CreateFile(out _);
            await using (spool.ConfigureAwait(false))
            {
                var result = await ExportWithStrategyAsync(spool, run, cancellationToken).ConfigureAwait(false);
                spool.Position = 0;
                await spool.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }

        return await ExportWithStrategyAsync(destination, run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExportResult> ExportWithStrategyAsync(
        Stream destination, ExportRun run, CancellationToken cancellationToken)
    {
        var database = _context.Database;
        var strategy = database.CreateExecutionStrategy();
        if (database.CurrentTransaction is not null || !strategy.RetriesOnFailure)
        {
            return await ExportOnceAsync(destination, run, cancellationToken).ConfigureAwait(false);
        }

        // A retrying strategy (EnableRetryOnFailure) runs the export as its operation, so a transient failure
        // reads the snapshot again from the start; what the failed attempt wrote must go first, or not at all.
        var rewindable = new RewindableDestination(destination);
        var attempts = 0;
        return await strategy.ExecuteAsync(
            async token =>
            {
                if (attempts++ > 0 && !rewindable.TryRewind())
                {
                    throw new SyncException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The export failed after {rewindable.Written} bytes had gone to a stream that cannot be "
                        + $"rewound, so it cannot be retried. The partial file has no END and every importer refuses "
                        + $"it: export again."));
                }

                return await ExportOnceAsync(rewindable, run, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExportResult> ExportOnceAsync(
        Stream destination, ExportRun run, CancellationToken cancellationToken)
    {
        var (options, plan, tables, (timestamp, bookmark), started) = run;
        var database = _context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A snapshot, so the file is one consistent state; the caller's transaction if it has one.
            var ownTransaction = database.CurrentTransaction is null
                ? await database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                    .ConfigureAwait(false)
                : null;
            try
            {
                // A bookmark at or after this export's own timestamp was taken from a clock that ran ahead and has
                // been repaired (SyncClockRepair): a delta from it would skip every edit since. All rows instead.
                var asked = options.ModifiedSince;
                if (asked >= timestamp)
                {
                    LogFutureBookmark(_logger, asked.Value, timestamp);
                    asked = null;
                }

                var since = asked is { } from
                    ? await DeltaStartAsync(from, cancellationToken).ConfigureAwait(false)
                    : (DateTime?)null;
                // Hashed as it is written; the signature line goes after END, where pydal stops reading.
                var key = _services.SigningKey;
                using var signing = key is null ? null : new SigningStream(destination);
                var writer = new Web2pyCsvWriter(signing ?? destination, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    if (options.IncludeInstanceSection && !options.Backup)
                    {
                        await WriteInstanceAsync(writer, bookmark, cancellationToken).ConfigureAwait(false);
                    }

                    var written = new List<ExportedTable>(tables.Count);
                    foreach (var table in tables)
                    {
                        written.Add(await WriteTableAsync(writer, plan, table, since, options, cancellationToken)
                            .ConfigureAwait(false));
                    }

                    await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
                    if (signing is not null)
                    {
                        await signing.WriteSignatureAsync(key!, _services.Options.InstanceId, cancellationToken)
                            .ConfigureAwait(false);
                    }

                    var result = new ExportResult(bookmark, written, Stopwatch.GetElapsedTime(started));
                    LogExportFinished(_logger, result.TotalRows, written.Count, result.Duration.TotalMilliseconds);
                    return result;
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
        }
    }

    /// <summary>
    /// Where a delta asked to start at <paramref name="asked"/> must start so the peer misses nothing. An imported
    /// row keeps its sender's stamp, so a row relayed here from a third instance after the peer's last sync
    /// may carry a stamp older than <paramref name="asked"/>: the delta reaches back to the oldest stamp any
    /// later import wrote. Rows between the two go again, which changes nothing at the peer.
    /// </summary>
    private async Task<DateTime> DeltaStartAsync(DateTime asked, CancellationToken cancellationToken)
    {
        var oldest = await _context.Set<SyncImportRecord>().AsNoTracking()
            .Where(r => r.ReceivedAt >= asked && r.OldestChange < asked)
            .MinAsync(r => r.OldestChange, cancellationToken).ConfigureAwait(false);
        if (oldest is not { } start)
        {
            return asked;
        }

        LogDeltaReachesBack(_logger, asked, start);
        return start;
    }

    private async Task<ExportedTable> WriteTableAsync(
        Web2pyCsvWriter writer,
        SyncPlan plan,
        SyncTablePlan table,
        DateTime? since,
        ExportOptions options,
        CancellationToken cancellationToken)
    {
        var mapping = table.Mapping;
        var delta = since is not null && mapping.ModifiedOn is not null;

        // A reference travels with the referenced row's uuid whenever that row may be missing from the
        // file: always in a delta, and for a parent table the host keeps out of sync files.
        TableMapping? CarryUuidOf(string referenced)
            => options.Backup || plan.Find(referenced) is not { } parent || parent.Mapping.Uuid is null
            ? null
            : delta || parent.Verdict != SyncTableVerdict.Synced ? parent.Mapping : null;

        // A delta for a named peer leaves out the rows whose current version that peer sent here.
        var recipient = delta && options.Recipient is { } named && mapping.Uuid is not null ? named : null;
        var query = RowSelect.All(
            mapping, CarryUuidOf, delta, _context.GetService<ISqlGenerationHelper>(), origins: recipient is not null);
        // A reference into a site-specific table goes as <NULL>: its id would name another row (another user)
        // elsewhere. A backup restores this database, so it keeps them.
        var formatters = query.Header.Select((_, i) => i >= mapping.Columns.Count ? ColumnReaders.Text(typeof(string))
            : mapping.Columns[i].StaysLocal && !options.Backup ? (_, _) => null
            : ColumnReaders.Text(mapping.Columns[i])).ToArray();

        writer.StartTable(mapping.Name, query.Header);
        var runner = new CommandRunner(_context);
        var command = query.CreateCommand(runner, SqlDialect.For(_context.Database), delta ? since : null, recipient);
        await using (command.ConfigureAwait(false))
        {
            var reader = await runner.ExecuteReaderAsync(command, CommandBehavior.SequentialAccess, cancellationToken)
                .ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                long rows = 0;
                var echo = recipient is null
                    ? null
                    : new EchoFilter(formatters, mapping.IndexOf(mapping.ModifiedOn!.Name));
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (echo is not null)
                    {
                        // The row's fields come before the stamp its recipient sent, and a sequential reader reads
                        // each once: they wait in the filter until it knows whether the row goes.
                        if (echo.IsEcho(reader))
                        {
                            continue;
                        }

                        echo.WriteTo(writer);
                    }
                    else
                    {
                        for (var i = 0; i < formatters.Length; i++)
                        {
                            writer.WriteField(formatters[i](reader, i));
                        }
                    }

                    await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
                    if (++rows % 10_000 == 0)
                    {
                        options.Progress?.Report(new SyncProgress(mapping.Name, rows));
                    }
                }

                writer.EndTable();
                options.Progress?.Report(new SyncProgress(mapping.Name, rows));
                return new ExportedTable(mapping.Name, rows) { EchoesLeftOut = echo?.LeftOut ?? 0 };
            }
        }
    }

    private async Task WriteInstanceAsync(
        Web2pyCsvWriter writer, DateTime timestamp, CancellationToken cancellationToken)
    {
        var self = _services.Options;
        var syncs = await _context.Set<SyncInstance>().SumAsync(i => i.SyncCount, cancellationToken)
            .ConfigureAwait(false);
        writer.StartTable(SyncInstanceConfiguration.TableName, SyncInstanceConfiguration.Columns);
        writer.WriteField(self.InstanceId);
        writer.WriteField(self.Owner);
        writer.WriteField(self.Contact);
        writer.WriteField(self.Url);
        writer.WriteField(ValueCodecs.For<DateTime>().Format(timestamp));
        writer.WriteField(ValueCodecs.For<int>().Format(syncs));
        await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
        writer.EndTable();
    }

    /// <summary>What every attempt of one export shares: its options, plan, tables, timestamp and start.</summary>
    private sealed record ExportRun(
        ExportOptions Options,
        SyncPlan Plan,
        IReadOnlyList<SyncTablePlan> Tables,
        UncommittedStamps.ExportPoint Point,
        long Started);

    [LoggerMessage(
        EventId = 12,
        Level = LogLevel.Information,
        Message = "Sync delta asked from {Asked:O} starts at {Start:O}: rows imported since then from other instances "
            + "carry older stamps.")]
    private static partial void LogDeltaReachesBack(ILogger logger, DateTime asked, DateTime start);

    [LoggerMessage(
        EventId = 13,
        Level = LogLevel.Warning,
        Message = "Sync delta asked from {Asked:O}, after this export's timestamp {Timestamp:O}: the bookmark "
            + "came from a clock that ran ahead, so every row is written.")]
    private static partial void LogFutureBookmark(ILogger logger, DateTime asked, DateTime timestamp);

    [LoggerMessage(
        EventId = 15,
        Level = LogLevel.Warning,
        Message = "A write uncommitted since {Bookmark:O} holds this export's bookmark back from {Timestamp:O}: its "
            + "peers' next deltas carry the rows since then again, until that transaction ends.")]
    private static partial void LogBookmarkHeldBack(ILogger logger, DateTime bookmark, DateTime timestamp);

    [LoggerMessage(
        EventId = 16,
        Level = LogLevel.Debug,
        Message = "Sync delta for a recipient folded {Origins} origins of imported rows in {ElapsedMs:F0} ms "
            + "(-1: inside the caller's transaction, none folded).")]
    private static partial void LogOriginsFolded(ILogger logger, int origins, double elapsedMs);

    [LoggerMessage(
        EventId = 10,
        Level = LogLevel.Information,
        Message = "Sync export ({Kind}) of {Tables} tables starting, timestamp {Timestamp:O}.")]
    private static partial void LogExportStarting(ILogger logger, string kind, int tables, DateTime timestamp);

    [LoggerMessage(
        EventId = 14,
        Level = LogLevel.Information,
        Message = "Sync export (delta) of {Tables} tables since {Since:O} starting, timestamp {Timestamp:O}.")]
    private static partial void LogDeltaStarting(ILogger logger, int tables, DateTime since, DateTime timestamp);

    [LoggerMessage(
        EventId = 11,
        Level = LogLevel.Information,
        Message = "Sync export wrote {Rows} rows in {Tables} tables in {ElapsedMs:F0} ms.")]
    private static partial void LogExportFinished(ILogger logger, long rows, int tables, double elapsedMs);
}
