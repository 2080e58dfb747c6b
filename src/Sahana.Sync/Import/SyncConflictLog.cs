using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Sahana.Sync.Csv;
using Sahana.Sync.Hosting;
using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync;

/// <summary>
/// The conflict log (<see cref="SyncConflictRecord"/>, table <c>sync_conflict</c>): lists the versions that lost a
/// conflict, and reinstates or dismisses them. Registered as a scoped service by
/// <c>AddSahanaSync&lt;TContext&gt;()</c>.
/// </summary>
public sealed partial class SyncConflictLog
{
    private readonly DbContext _context;
    private readonly SyncServices _services;
    private readonly ILogger _logger;

    internal SyncConflictLog(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
        _logger = services.LoggerFactory.CreateLogger<SyncConflictLog>();
    }

    /// <summary>Lists entries, newest first.</summary>
    /// <param name="state">The entries to list; <see langword="null"/> for all.</param>
    /// <param name="skip">How many to skip, for paging.</param>
    /// <param name="take">How many to return, at most 500.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>The entries, untracked.</returns>
    public async Task<IReadOnlyList<SyncConflictRecord>> ListAsync(
        SyncConflictState? state = SyncConflictState.Open,
        int skip = 0,
        int take = 50,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return await Entries(state).OrderByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(Math.Min(take, 500)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts entries.</summary>
    /// <param name="state">The entries to count; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token to cancel the query.</param>
    /// <returns>How many there are.</returns>
    public Task<int> CountAsync(
        SyncConflictState? state = SyncConflictState.Open, CancellationToken cancellationToken = default)
        => Entries(state).CountAsync(cancellationToken);

    /// <summary>
    /// Closes an open entry: the winner stays, and the losing values are kept until retention deletes them.
    /// </summary>
    /// <param name="id">The entry.</param>
    /// <param name="by">Who dismissed it, as the application names them.</param>
    /// <param name="cancellationToken">A token to cancel the update.</param>
    /// <returns>A task that completes when the entry is closed.</returns>
    /// <exception cref="SyncException">There is no open entry with that id.</exception>
    public async Task DismissAsync(Guid id, string? by, CancellationToken cancellationToken = default)
    {
        var now = _services.TimeProvider.GetUtcNow().UtcDateTime;
        var changed = await _context.Set<SyncConflictRecord>()
            .Where(r => r.Id == id && r.State == SyncConflictState.Open)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.State, SyncConflictState.Dismissed).SetProperty(r => r.ResolvedBy, Cut(by))
                    .SetProperty(r => r.ResolvedAt, now),
                cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw NotOpen(id);
        }

        LogResolved(_logger, id, "dismissed", by ?? "(unnamed)");
    }

    /// <summary>
    /// Makes the losing version a new local edit, stamped now: it wins here and travels to every peer like any edit.
    /// The entry is marked reinstated in the same transaction.
    /// </summary>
    /// <param name="id">The entry.</param>
    /// <param name="by">Who reinstated it, as the application names them.</param>
    /// <param name="cancellationToken">A token to cancel; nothing changes then.</param>
    /// <returns>What the edit changed, as an import reports it (the import history names the entry).</returns>
    /// <exception cref="SyncException">
    /// There is no open entry with that id, its table is no longer synced, or a row it references is gone or deleted
    /// (a <see cref="SyncReferenceException"/>, naming the row); nothing changed.
    /// </exception>
    public async Task<MergeReport> ReinstateAsync(Guid id, string? by, CancellationToken cancellationToken = default)
    {
        var database = _context.Database;
        var strategy = database.CreateExecutionStrategy();
        var report = await strategy.ExecuteAsync(
            async token =>
            {
                var ownTransaction = database.CurrentTransaction is null
                    ? await database.BeginTransactionAsync(token).ConfigureAwait(false)
                    : null;
                try
                {
                    var entry = await _context.Set<SyncConflictRecord>().AsNoTracking()
                        .SingleOrDefaultAsync(r => r.Id == id && r.State == SyncConflictState.Open, token)
                        .ConfigureAwait(false)
                        ?? throw NotOpen(id);
                    var file = await ReinstatingFileAsync(entry, token).ConfigureAwait(false);
                    var engine = new UuidMergeEngine(_context, _services);
                    var merged = await engine.ImportAsync(
                        new MemoryStream(file, writable: false),
                        new ImportOptions { Source = $"reinstated conflict {id}", Reinstating = true },
                        token).ConfigureAwait(false);
                    var now = _services.TimeProvider.GetUtcNow().UtcDateTime;
                    await _context.Set<SyncConflictRecord>().Where(r => r.Id == id)
                        .ExecuteUpdateAsync(
                            s => s.SetProperty(r => r.State, SyncConflictState.Reinstated)
                                .SetProperty(r => r.ResolvedBy, Cut(by))
                                .SetProperty(r => r.ResolvedAt, now),
                            token).ConfigureAwait(false);
                    if (ownTransaction is not null)
                    {
                        await ownTransaction.CommitAsync(token).ConfigureAwait(false);
                    }

                    return merged;
                }
                finally
                {
                    if (ownTransaction is not null)
                    {
                        await ownTransaction.DisposeAsync().ConfigureAwait(false);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        LogResolved(_logger, id, "reinstated", by ?? "(unnamed)");
        return report;
    }

    /// <summary>
    /// Deletes reinstated and dismissed entries resolved longer than <see cref="SahanaSyncOptions.ConflictRetention"/>
    /// ago.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the delete.</param>
    /// <returns>How many entries were deleted.</returns>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
        => PruneAsync(_context, _services, cancellationToken);

    /// <summary>
    /// What every import runs in its transaction: resolved entries past retention go. One statement of our own, run
    /// like the import's others, so a failure surfaces as theirs do.
    /// </summary>
    internal static async Task<int> PruneAsync(
        DbContext context, SyncServices services, CancellationToken cancellationToken)
    {
        if (services.GetPlan(context.Model).Find(SyncConflictConfiguration.TableName)?.Mapping is not { } mapping)
        {
            return 0;
        }

        var cutoff = services.TimeProvider.GetUtcNow().UtcDateTime - services.Options.ConflictRetention;
        var sql = context.GetService<ISqlGenerationHelper>();
        var resolvedAt = mapping.Columns[mapping.IndexOf("resolved_at")];
        var runner = new CommandRunner(context);
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = runner.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // Our own table's names, quoted by the provider; the cut-off is a parameter.
                command.CommandText = $"DELETE FROM {sql.DelimitIdentifier(mapping.Name, mapping.Schema)} WHERE "
                    + $"{sql.DelimitIdentifier("state")} <> {(int)SyncConflictState.Open} "
                    + $"AND {sql.DelimitIdentifier(resolvedAt.Name)} < @cutoff";
#pragma warning restore CA2100
                var parameter = resolvedAt.TypeMapping.CreateParameter(command, "cutoff", null, nullable: false);
                parameter.Value = SqlDialect.For(context.Database).ParameterValue(resolvedAt)(
                    DateTime.SpecifyKind(cutoff, DateTimeKind.Utc));
                command.Parameters.Add(parameter);
                return await runner.ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private IQueryable<SyncConflictRecord> Entries(SyncConflictState? state)
    {
        var all = _context.Set<SyncConflictRecord>().AsNoTracking();
        return state is { } only ? all.Where(r => r.State == only) : all;
    }

    /// <summary>
    /// A one-row file of the losing version, stamped now: the import reuses every check and conversion a file gets,
    /// and its references travel as uuids, each checked here to name a row that still exists and is not deleted.
    /// </summary>
    private async Task<byte[]> ReinstatingFileAsync(SyncConflictRecord entry, CancellationToken cancellationToken)
    {
        var plan = _services.GetPlan(_context.Model);
        if (plan.Find(entry.Table) is not { Verdict: SyncTableVerdict.Synced, Mapping: var mapping })
        {
            throw new SyncException(
                $"The conflict {entry.Id} is for table {entry.Table}, which this instance no longer syncs: it cannot "
                + "be reinstated.");
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(entry.LoserValues)
            ?? throw new SyncException($"The conflict {entry.Id} holds no values.");
        values[mapping.ModifiedOn!.Name] = ValueCodecs.For<DateTime>().Format(_services.Clock.Next());
        var header = new List<string>();
        var fields = new List<string?>();
        foreach (var column in mapping.Columns)
        {
            if (!values.TryGetValue(column.Name, out var text))
            {
                continue;
            }

            if (column.References is { } parentTable && text is not null
                && plan.Find(parentTable)?.Mapping is { Uuid: not null } parent)
            {
                // The reference goes by uuid: the parent's key here stands in as the "sender's" key.
                header.Add(column.Name);
                fields.Add(await LiveKeyAsync(entry, column, parent, text, cancellationToken).ConfigureAwait(false));
                header.Add(column.Name + RowSelect.UuidSuffix);
                fields.Add(text);
                continue;
            }

            header.Add(column.Name);
            fields.Add(text);
        }

        using var stream = new MemoryStream();
        var writer = new Web2pyCsvWriter(stream, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            writer.StartTable(mapping.Name, header);
            foreach (var field in fields)
            {
                writer.WriteField(field);
            }

            await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
            writer.EndTable();
            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return stream.ToArray();
    }

    /// <summary>The key text of the live row <paramref name="uuid"/> names in <paramref name="parent"/>.</summary>
    private async Task<string> LiveKeyAsync(
        SyncConflictRecord entry,
        ColumnMapping column,
        TableMapping parent,
        string uuid,
        CancellationToken cancellationToken)
    {
        var sql = _context.GetService<ISqlGenerationHelper>();
        var runner = new CommandRunner(_context);
        await _context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var store = new TableStore(parent, runner, sql, SqlDialect.For(_context.Database), null, _ => null);
            await using (store.ConfigureAwait(false))
            {
                if (await store.FindByUuidAsync(uuid, cancellationToken).ConfigureAwait(false) is not { } row)
                {
                    throw Gone(entry, column, parent, uuid, "no longer exists here");
                }

                if (row.Deleted)
                {
                    throw Gone(entry, column, parent, uuid, "has been deleted since");
                }

                return ValueCodecs.For(parent.Key.ProviderClrType).Format(row.Key);
            }
        }
        finally
        {
            await _context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static SyncReferenceException Gone(
        SyncConflictRecord entry, ColumnMapping column, TableMapping parent, string uuid, string what)
        => new(
            entry.Table,
            0,
            column.Name,
            uuid,
            $"the losing version of {entry.Table} {entry.Uuid} points at {parent.Name} {uuid}, which {what}: "
                + "reinstating it would point at nothing. Restore that row first, or dismiss the conflict. Nothing "
                + "was changed");

    private static SyncException NotOpen(Guid id)
        => new($"There is no open conflict {id}: it was reinstated, dismissed, pruned, or never logged here.");

    private static string? Cut(string? by) => by is { Length: > 256 } ? by[..256] : by;

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Sync conflict {Id} {What} by {By}.")]
    private static partial void LogResolved(ILogger logger, Guid id, string what, string by);
}
