using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Sahana.Sync.Model;

namespace Sahana.Sync.Storage;

/// <summary>
/// What Sahana.Sync's own SQL does differently on one EF Core provider: how a batch of uuids travels, how rows
/// are written in batches, how rows are locked and imports take turns. One subclass per supported provider;
/// callers ask it instead of testing which provider they run on, so that a provider's knowledge lives in one file.
/// </summary>
/// <remarks>
/// Every other provider is refused when it is first met (<see cref="For(string?)"/>): the import's correctness
/// under concurrent writers rests on each provider's locks, which only these two are tested with.
/// </remarks>
internal abstract class SqlDialect
{
    /// <summary>Gets how many rows one statement of array parameters takes.</summary>
    internal const int RowsPerArrayStatement = 10_000;

    /// <summary>Gets how many origins one append to <c>sync_origin_log</c> takes (<see cref="OriginRows"/>).</summary>
    internal virtual int OriginsPerAppend => RowsPerArrayStatement;

    /// <summary>Gets the name EF Core gives the provider (<c>DatabaseFacade.ProviderName</c>).</summary>
    internal abstract string ProviderName { get; }

    /// <summary>Gets how many uuids one look-up statement (<see cref="RowSelect.ByUuid"/> and its kin) takes.</summary>
    internal abstract int UuidsPerLookup { get; }

    /// <summary>Gets how many keys one look-up of keys (<see cref="KeyFilter"/>) takes.</summary>
    internal abstract int KeysPerLookup { get; }

    /// <summary>
    /// Gets what follows <c>WHERE t.uuid</c> in a look-up: the batch's uuids as the one parameter <c>@u0</c>
    /// holds them (<see cref="UuidList"/>).
    /// </summary>
    internal abstract string UuidFilter { get; }

    /// <summary>
    /// Gets what ends a look-up whose rows the merge may write, or the empty text: the lock that keeps them
    /// unchanged between the merge's decision and its write, where the transaction alone does not.
    /// </summary>
    internal abstract string RowLock { get; }

    /// <summary>
    /// Gets a value indicating whether an export writes its file to a spool before it goes out: where the
    /// export's snapshot is the database's write lock, a reader that drains the stream slowly would otherwise
    /// stop every host save for as long as it takes.
    /// </summary>
    internal abstract bool SpoolsExports { get; }

    /// <summary>
    /// Gets the rows an append to <c>sync_origin_log</c> takes from the parameters <see cref="SetOriginRows"/>
    /// sets: table, uuid, sender, stamp and sequence, in that order, from <c>@t</c>, <c>@s</c>, the versions and
    /// <c>@q</c>.
    /// </summary>
    internal abstract string OriginRows { get; }

    /// <summary>
    /// Finds the dialect of an EF Core provider.
    /// </summary>
    /// <exception cref="SyncConfigurationException">The provider is neither of the two supported.</exception>
    internal static SqlDialect For(string? providerName) => Find(providerName)
        ?? throw new SyncConfigurationException(
            $"Sahana.Sync does not support the EF Core provider '{providerName ?? "(none)"}'. It supports "
            + $"{SqliteDialect.Name} (SQLite) and {PostgresDialect.Name} (PostgreSQL), the two it is tested "
            + "with: an import stays correct beside the host's writers only through each provider's own locks.");

    /// <summary>Finds the dialect of an EF Core provider, or <see langword="null"/> for one not supported.</summary>
    internal static SqlDialect? Find(string? providerName) => providerName switch
    {
        SqliteDialect.Name => SqliteDialect.Instance,
        PostgresDialect.Name => PostgresDialect.Instance,
        _ => null,
    };

    /// <summary>Finds the dialect of a context's provider.</summary>
    /// <exception cref="SyncConfigurationException">The provider is neither of the two supported.</exception>
    internal static SqlDialect For(DatabaseFacade database) => For(database.ProviderName);

    /// <summary>
    /// Gets the name of the parameter <paramref name="prefix"/><paramref name="index"/> as SQL text names it.
    /// </summary>
    internal static string ParameterName(string prefix, int index)
        => "@" + prefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parameter placeholders <c>@p0, @p1, …</c>, from <paramref name="start"/> on.</summary>
    internal static string Parameters(string prefix, int count, int start = 0)
    {
        var text = new StringBuilder(count * 6);
        for (var i = start; i < start + count; i++)
        {
            text.Append(i == start ? string.Empty : ", ").Append(ParameterName(prefix, i));
        }

        return text.ToString();
    }

    /// <summary>Gets the one value of <c>@u0</c> that carries a batch of uuids to a look-up.</summary>
    internal abstract object UuidList(IReadOnlyList<string> uuids);

    /// <summary>
    /// Gets what follows <c>WHERE t.key</c> in a look-up of <paramref name="count"/> keys, whose values
    /// <see cref="SetKeys"/> gives the command.
    /// </summary>
    internal abstract string KeyFilter(ColumnMapping key, int count);

    /// <summary>Gives a look-up ending with <see cref="KeyFilter"/> its keys.</summary>
    internal abstract void SetKeys(DbCommand command, ColumnMapping key, IReadOnlyList<object> keys);

    /// <summary>
    /// Makes a look-up command of <paramref name="text"/>, ending with <see cref="UuidFilter"/>; kept and run
    /// again with new uuids.
    /// </summary>
    internal abstract DbCommand CreateUuidLookup(CommandRunner runner, string text, ColumnMapping uuid);

    /// <summary>
    /// Makes a look-up command of <paramref name="text"/>, ending with the <see cref="KeyFilter"/> of
    /// <paramref name="count"/> keys; kept and run again with new keys.
    /// </summary>
    internal abstract DbCommand CreateKeyLookup(CommandRunner runner, string text, ColumnMapping key, int count);

    /// <summary>Makes the writer that runs an import's statements against one table.</summary>
    internal abstract TableWriter CreateWriter(TableMapping table, CommandRunner runner, ISqlGenerationHelper sql);

    /// <summary>
    /// Adapts a value to what the column's ADO.NET parameter accepts; NULL becomes <see cref="DBNull"/>.
    /// </summary>
    internal abstract Func<object?, object> ParameterValue(ColumnMapping column);

    /// <summary>
    /// Waits, right after the import's transaction began (or joined the caller's), until no other import into
    /// this database runs (<see cref="ImportLock"/>).
    /// </summary>
    /// <exception cref="SyncConcurrencyException">The wait ran out; nothing was changed.</exception>
    internal abstract Task TakeImportTurnAsync(
        CommandRunner runner, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// What the caller sees instead of the provider's exception when the import's transaction could not begin
    /// because another writer held the database, or null when the exception says something else.
    /// </summary>
    internal abstract SyncConcurrencyException? BusyAtBegin(DbException exception);

    /// <summary>
    /// What the caller sees instead of the provider's exception, or null to let that through: a statement the
    /// database refused because another transaction held or changed the same rows, or inserted a row with the
    /// same uuid first (on one of <paramref name="uuidIndexes"/>), is a <see cref="SyncConcurrencyException"/>,
    /// which says that trying again is safe.
    /// </summary>
    internal abstract SyncConcurrencyException? Conflict(DbException exception, IEnumerable<string> uuidIndexes);

    /// <summary>
    /// Runs a look-up that ends with <see cref="RowLock"/>, waiting out rows another transaction holds where the
    /// lock does not wait by itself.
    /// </summary>
    /// <exception cref="SyncConcurrencyException">The rows stayed locked too long; nothing was imported.</exception>
    internal abstract Task<T> ReadLockedAsync<T>(
        DbTransaction transaction, string table, Func<Task<T>> read, CancellationToken cancellationToken);

    /// <summary>Sets the versions <see cref="OriginRows"/> selects on an append to <c>sync_origin_log</c>.</summary>
    internal abstract void SetOriginRows(DbCommand command, IReadOnlyList<(string Uuid, DateTime Stamp)> versions);

    /// <summary>
    /// The statements, run in one transaction, that empty <c>sync_origin_log</c> into <c>sync_origin</c>: of the
    /// origins of one row, the one of the highest sequence wins (<see cref="SyncOrigins.FoldAsync"/>). The last
    /// statement's count of rows is how many origins the fold moved.
    /// </summary>
    internal abstract IReadOnlyList<string> FoldOrigins(ISqlGenerationHelper sql);

    /// <summary>
    /// Makes the next key the database generates for <paramref name="table"/> follow the keys a restore wrote
    /// explicitly, where the database does not by itself.
    /// </summary>
    internal abstract Task ContinueKeySequenceAsync(
        CommandRunner runner, ISqlGenerationHelper sql, TableMapping table, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the provider said the table does not exist, rather than refusing the statement for another reason.
    /// </summary>
    internal abstract bool IsMissingTable(DbException exception);

    /// <summary>
    /// Gets a value indicating whether other processes (app nodes, scripts) may write this database beside this
    /// one, and the database shows their transactions (<see cref="OldestOtherWriteAsync"/>). A save then opens its
    /// connection before it stamps, so the wait for a pooled connection is not a window in which its stamps are
    /// taken but no transaction shows them.
    /// </summary>
    internal virtual bool SharedByOtherProcesses => false;

    /// <summary>
    /// How long ago, on the database's own clock, the oldest transaction of another session began, or
    /// <see langword="null"/> when none is open or the provider cannot tell: what an export's bookmark must reach
    /// back past, since such a transaction may hold stamps it commits after the export's snapshot.
    /// </summary>
    internal virtual Task<TimeSpan?> OldestOtherWriteAsync(DbConnection connection, CancellationToken cancellationToken)
        => Task.FromResult<TimeSpan?>(null);

    /// <summary>Adds a parameter of <paramref name="value"/> typed by the value, as the provider infers it.</summary>
    private protected static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
