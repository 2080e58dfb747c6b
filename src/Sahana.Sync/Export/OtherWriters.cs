using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sahana.Sync.Stamping;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Export;

/// <summary>
/// Holds an export's bookmark back for writes of other processes on the same database: the other app nodes of a
/// hub behind a load balancer. <see cref="UncommittedStamps"/> sees only this process's writes; a transaction of
/// another node that began before the export and commits after its snapshot is not in the file, and its stamps
/// may be older than the export's timestamp. The database knows when it began, so the bookmark reaches back to
/// then, on this node's clock.
/// </summary>
internal static class OtherWriters
{
    /// <summary>
    /// How far apart the clocks of the nodes sharing a database may be, and how long a node may take from stamping
    /// to its first write reaching the database: the other node's stamps are that much older than what the
    /// database saw. NTP keeps servers within milliseconds; a node further off needs its clock fixed.
    /// </summary>
    internal static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The export point with its bookmark no later than the oldest other write in flight, less
    /// <see cref="Tolerance"/>. Runs before the export's snapshot, so a write it does not see either commits in
    /// time for the snapshot or begins after this, stamping later than the export's timestamp.
    /// </summary>
    internal static async Task<UncommittedStamps.ExportPoint> HoldBackAsync(
        DatabaseFacade database,
        SqlDialect dialect,
        UncommittedStamps.ExportPoint point,
        CancellationToken cancellationToken)
    {
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await dialect.OldestOtherWriteAsync(database.GetDbConnection(), cancellationToken)
                    .ConfigureAwait(false) is not { } age)
            {
                return point;
            }

            // The point was taken before the database measured the age: reaching back from it errs the safe way.
            var bookmark = HybridLogicalClock.Truncate(point.Timestamp - age - Tolerance);
            return bookmark < point.Bookmark ? point with { Bookmark = bookmark } : point;
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
