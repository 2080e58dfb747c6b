using System.Globalization;
using Npgsql;

namespace Sahana.Sync.HubLoad;

/// <summary>
/// What the hub's PostgreSQL does under the load: sampled once a second, the sessions waiting for a lock (the
/// import lock included) and the connections in use; at the end, the tables' sizes and the database's counters.
/// </summary>
internal sealed class DatabaseWatch(string connectionString)
{
    public int MaxLockWaiters { get; private set; }

    public int MaxConnections { get; private set; }

    public long LockWaitSamples { get; private set; }

    public long Samples { get; private set; }

    /// <summary>Samples until <paramref name="stop"/> is cancelled; at most once a second.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var reader = await command.ExecuteReaderAsync(stop);
                await reader.ReadAsync(stop);
                var waiting = (int)reader.GetInt64(0);
                MaxLockWaiters = Math.Max(MaxLockWaiters, waiting);
                MaxConnections = Math.Max(MaxConnections, (int)reader.GetInt64(1));
                LockWaitSamples += waiting > 0 ? 1 : 0;
                Samples++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load is over.
        }
    }

    /// <summary>The tables' sizes, their row counts, and the database's counters, as lines to print.</summary>
    public async Task<List<string>> DescribeAsync()
    {
        var lines = new List<string>
        {
            FormattableString.Invariant(
                $"lock waits: max_waiting_sessions={MaxLockWaiters} samples_with_waiters={LockWaitSamples}/{Samples} max_connections={MaxConnections}"),
        };
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in (string[])["supply", "sync_import", "sync_instance", "sync_conflict", "sync_origin"])
        {
            await using var exists = new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                continue;
            }

            await using var size = new NpgsqlCommand(
                $"SELECT count(*), pg_total_relation_size('{table}'), pg_relation_size('{table}') FROM {table}", connection);
            await using var reader = await size.ExecuteReaderAsync();
            await reader.ReadAsync();
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"table {table}: rows={reader.GetInt64(0)} total_kb={reader.GetInt64(1) / 1024} heap_kb={reader.GetInt64(2) / 1024}"));
        }

        await using var stats = new NpgsqlCommand(
            "SELECT xact_commit, xact_rollback, deadlocks, temp_bytes, blks_hit, blks_read, pg_database_size(datname) FROM pg_stat_database WHERE datname = current_database()",
            connection);
        await using (var reader = await stats.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"database: commits={reader.GetInt64(0)} rollbacks={reader.GetInt64(1)} deadlocks={reader.GetInt64(2)} "
                    + $"temp_kb={reader.GetInt64(3) / 1024} blocks_hit={reader.GetInt64(4)} blocks_read={reader.GetInt64(5)} "
                    + $"size_kb={reader.GetInt64(6) / 1024}"));
        }

        return lines;
    }
}
