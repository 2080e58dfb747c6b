namespace Sahana.Sync.Storage;

/// <summary>
/// The few ways the import's SQL differs by provider; the statements themselves are the same everywhere.
/// </summary>
/// <param name="MaxParameters">The most parameters one statement should carry.</param>
/// <param name="Returning">Whether <c>INSERT … RETURNING</c> gives the new keys back without another query.</param>
/// <param name="GuardUpdates">Whether an <c>UPDATE</c> must check <c>modified_on</c> is still what the import read.</param>
/// <param name="Arrays">
/// Whether a batch travels as one array parameter per column: <c>= ANY(@u)</c> for look-ups and
/// <c>INSERT … SELECT * FROM unnest(@p0::type[], …)</c> for inserts. A handful of parameters instead of
/// thousands, and one statement text whatever the batch size, so one prepared statement serves every batch.
/// </param>
/// <param name="LockRows">
/// Whether the local rows of a batch are locked as they are read (<c>FOR NO KEY UPDATE … NOWAIT</c>), so that none
/// changes between the merge decision and the write, and the import never waits for a lock another
/// transaction holds (so it is never part of a deadlock).
/// </param>
/// <param name="Uuids">How a look-up statement takes its batch of uuids.</param>
/// <param name="Turns">How imports into one database take turns (<see cref="ImportLock"/>).</param>
/// <param name="SpoolsExports">
/// Whether an export writes its file to a spool before it goes out: where the export's snapshot is the
/// database's write lock (SQLite's <c>BEGIN IMMEDIATE</c>), a reader that drains the stream slowly would otherwise
/// stop every host save for as long as it takes.
/// </param>
internal sealed record SqlDialect(
    int MaxParameters,
    bool Returning,
    bool GuardUpdates,
    bool Arrays = false,
    bool LockRows = false,
    UuidList Uuids = UuidList.Parameters,
    ImportTurns Turns = ImportTurns.None,
    bool SpoolsExports = false)
{
    private const int MaxRows = 1_000;

    /// <summary>
    /// SQLite runs in-process, so a statement per row costs no round trip; and Microsoft.Data.Sqlite binds
    /// each parameter by looking its name up among the statement's, which makes a statement of P
    /// parameters cost P² — so statements stay small. Its write transaction (<c>BEGIN IMMEDIATE</c>) keeps
    /// every other writer out, so updates need no guard.
    /// </summary>
    internal static readonly SqlDialect Sqlite = new(MaxParameters: 100, Returning: true, GuardUpdates: false, Uuids: UuidList.Json, Turns: ImportTurns.WriteLock, SpoolsExports: true);

    /// <summary>A round trip per statement: as many rows per statement as parameters allow (PostgreSQL takes 65535).</summary>
    internal static readonly SqlDialect PostgreSql = new(MaxParameters: 30_000, Returning: true, GuardUpdates: true, Arrays: true, LockRows: true, Uuids: UuidList.Array, Turns: ImportTurns.AdvisoryLock);

    /// <summary>Any other relational provider: plain multi-row statements, keys looked up after inserts.</summary>
    internal static readonly SqlDialect Other = new(MaxParameters: 2_000, Returning: false, GuardUpdates: true);

    internal static SqlDialect For(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => PostgreSql,
        _ => Other,
    };

    /// <summary>Gets how many rows of <paramref name="parametersPerRow"/> values one statement takes.</summary>
    internal int RowsPerStatement(int parametersPerRow)
        => this == Sqlite && parametersPerRow > 1 ? 1 : Math.Clamp(MaxParameters / Math.Max(1, parametersPerRow), 1, MaxRows);

    /// <summary>Gets how many rows one array statement takes.</summary>
    internal const int RowsPerArrayStatement = 10_000;
}

/// <summary>How a look-up statement takes its batch of uuids.</summary>
internal enum UuidList
{
    /// <summary>One parameter per uuid: <c>IN (@u0, @u1, …)</c>, as many as the dialect's parameters allow.</summary>
    Parameters,

    /// <summary>One array parameter: <c>= ANY(@u0)</c>.</summary>
    Array,

    /// <summary>
    /// One parameter holding a JSON array: <c>IN (SELECT value FROM json_each(@u0))</c>. SQLite probes its uuid index
    /// once per element, and thousands of uuids cost one statement instead of one per hundred, each bound by name.
    /// </summary>
    Json,
}
