using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Hosting;
using Sahana.Sync.Migrations;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// A peer's lease in the database (<c>sync_lease</c>), for the nodes of a cluster that share one PostgreSQL
/// database: a row per peer, taken by one atomic upsert that only replaces a lapsed row, deleted when the run ends.
/// SQLite is a single node's database: there the in-process lease (<see cref="SyncPeerLocks"/>) is all there is.
/// </summary>
/// <remarks>
/// Why a row with an expiry and not an advisory lock: a session-level lock belongs to a connection, and EF returns
/// its connection to the pool between statements, so the lock would need a connection held open for the whole
/// run (one per peer, for up to <see cref="SyncClientOptions.RunTimeout"/>); a transaction-level lock would need a
/// transaction open as long, holding back vacuum. A row holds nothing open, an operator can see who holds which
/// peer and until when, and it lapses by itself when a node dies mid-run. Its times are the database's own clock
/// (<c>clock_timestamp()</c>), so the nodes' clocks need not agree.
/// </remarks>
internal sealed class SyncClusterLeases(IServiceScopeFactory scopes, TimeProvider time)
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Gets this process's name in <c>sync_lease.holder</c>, before each lease's own id.</summary>
    internal static string Node { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>How long a waiting run sleeps between tries for a lease another node holds.</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Takes the peer's lease for <paramref name="duration"/> if no live run of another node holds it: a lease
    /// (released when disposed), <see langword="null"/> if one does. On SQLite, always a lease that holds nothing.
    /// </summary>
    internal async Task<Lease?> TryAcquireAsync(string peer, TimeSpan duration, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<SyncScope>().Context;
            if (context.Database.ProviderName != Npgsql)
            {
                return new Lease(null, peer, string.Empty);
            }

            var holder = $"{Node}/{Guid.NewGuid():N}";
            var taken = await ExecuteAsync(
                context,
                $"""
                INSERT INTO {CreateSyncLease.TableName} (name, holder, acquired_at, expires_at)
                VALUES (@name, @holder, clock_timestamp(), clock_timestamp() + @duration)
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at,
                    expires_at = EXCLUDED.expires_at
                WHERE {CreateSyncLease.TableName}.expires_at <= clock_timestamp()
                """,
                peer,
                holder,
                duration,
                cancellationToken).ConfigureAwait(false);
            return taken == 1 ? new Lease(this, peer, holder) : null;
        }
    }

    /// <summary>Waits until no other node's live run holds the peer's lease, then takes it.</summary>
    internal async Task<Lease> AcquireAsync(string peer, TimeSpan duration, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryAcquireAsync(peer, duration, cancellationToken).ConfigureAwait(false) is { } lease)
            {
                return lease;
            }

            // The holder releases at its run's end, or its lease lapses within RunTimeout: the wait is bounded.
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(Lease lease)
    {
        // Released even if the run was cancelled: a row left behind would only keep the peer until it lapsed.
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = scope.ServiceProvider.GetRequiredService<SyncScope>().Context;
            await ExecuteAsync(
                context,
                $"DELETE FROM {CreateSyncLease.TableName} WHERE name = @name AND holder = @holder",
                lease.Peer,
                lease.Holder,
                duration: null,
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> ExecuteAsync(
        DbContext context, string sql, string name, string holder, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = database.GetDbConnection().CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // Our own table's name, a constant; every value is a parameter.
                command.CommandText = sql;
#pragma warning restore CA2100
                Add(command, "name", name);
                Add(command, "holder", holder);
                if (duration is { } span)
                {
                    Add(command, "duration", span);
                }

                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A peer's lease in the database; disposing it deletes the row, if it is still this lease's.</summary>
    internal sealed class Lease(SyncClusterLeases? owner, string peer, string holder) : IAsyncDisposable
    {
        internal string Peer { get; } = peer;

        internal string Holder { get; } = holder;

        public async ValueTask DisposeAsync()
        {
            if (owner is not null)
            {
                await owner.ReleaseAsync(this).ConfigureAwait(false);
            }
        }
    }
}
