using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Hosting;
using Sahana.Sync.Migrations;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Writes a failed import's row of <c>sync_import_failure</c> after its transaction rolled back, in a transaction
/// of its own: the import left nothing else, and its own rows are gone with the rollback.
/// </summary>
internal static partial class ImportFailures
{
    /// <summary>
    /// Records <paramref name="error"/>, unless the import ran in the caller's transaction (whose rollback would take
    /// the record with it; the caller has the exception) or was cancelled. A record that cannot be written is logged,
    /// and never hides the import's own error.
    /// </summary>
    internal static async Task RecordAsync(
        DbContext context, SyncServices services, ImportOptions? options, Exception error, ILogger logger)
    {
        if (error is OperationCanceledException || context.Database.CurrentTransaction is not null)
        {
            return;
        }

        var (table, line, column) = error switch
        {
            SyncFormatException e => (e.Table, e.Line, e.Column),
            SyncClockException e => (e.Table, e.Line, null),
            _ => ((string?)null, (long?)null, (string?)null),
        };
        var sender = error switch
        {
            SyncSenderException { ClaimedSender: { } claimed } => claimed,
            SyncClockException { Sender: { } named } => named,
            _ => options?.Sender ?? options?.ExpectedSender,
        };
        var now = services.TimeProvider.GetUtcNow().UtcDateTime;
        var failure = new SyncImportFailure
        {
            Id = Guid.CreateVersion7(now),
            FailedAt = now,
            Sender = sender is { Length: <= 4 } ? sender : null,
            Source = Cut(options?.Source, 256),
            Error = Cut(error.GetType().Name, 128)!,
            Message = Cut(error.Message, SyncImportFailureConfiguration.MessageLength)!,
            Table = Cut(table, 128),
            Line = line,
            Column = Cut(column, 128),
        };

        try
        {
            // A context of the library's own tables on the host's connection: the host's tracked entities stay
            // unsaved, and nothing but this row is written.
            var own = SyncMigrations.CreateContext(context);
            await using (own.ConfigureAwait(false))
            {
                own.Add(failure);
                await own.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogNotRecorded(logger, e.Message, e);
        }
    }

    private static string? Cut(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    [LoggerMessage(
        EventId = 29,
        Level = LogLevel.Warning,
        Message = "The failed import could not be recorded in sync_import_failure ({Problem}); "
            + "is MigrateSahanaSyncAsync() applied?")]
    private static partial void LogNotRecorded(ILogger logger, string problem, Exception exception);
}
