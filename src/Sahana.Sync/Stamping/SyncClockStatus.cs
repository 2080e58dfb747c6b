namespace Sahana.Sync;

/// <summary>
/// What <see cref="SyncClockRepair.InspectAsync"/> found: how many rows are stamped after this instance's
/// wall clock, and how far ahead the newest of them is.
/// </summary>
public sealed class SyncClockStatus
{
    /// <summary>Initializes a new instance of the <see cref="SyncClockStatus"/> class.</summary>
    /// <param name="futureRows">How many rows have a <c>modified_on</c> after <paramref name="wallClock"/>.</param>
    /// <param name="newestStamp">The newest of those stamps, or <see langword="null"/> when there are none.</param>
    /// <param name="wallClock">This instance's wall clock when it looked, in UTC, to the microsecond.</param>
    /// <param name="maxClockSkew">The skew others accept (<see cref="SahanaSyncOptions.MaxClockSkew"/>).</param>
    public SyncClockStatus(int futureRows, DateTime? newestStamp, DateTime wallClock, TimeSpan maxClockSkew)
    {
        FutureRows = futureRows;
        NewestStamp = newestStamp;
        WallClock = wallClock;
        MaxClockSkew = maxClockSkew;
    }

    /// <summary>Gets the number of stamped rows whose <c>modified_on</c> is after <see cref="WallClock"/>.</summary>
    public int FutureRows { get; }

    /// <summary>Gets the newest stamp after <see cref="WallClock"/>, or <see langword="null"/> if none.</summary>
    public DateTime? NewestStamp { get; }

    /// <summary>Gets this instance's wall clock when it looked, in UTC.</summary>
    public DateTime WallClock { get; }

    /// <summary>Gets the skew other instances accept (<see cref="SahanaSyncOptions.MaxClockSkew"/>).</summary>
    public TimeSpan MaxClockSkew { get; }

    /// <summary>Gets how far the newest stamp is ahead of <see cref="WallClock"/>; zero when no row is ahead.</summary>
    public TimeSpan Ahead => NewestStamp is { } newest && newest > WallClock ? newest - WallClock : TimeSpan.Zero;

    /// <summary>
    /// Gets a value indicating whether rows are stamped further ahead than <see cref="MaxClockSkew"/>, so that
    /// other instances refuse this instance's files (<see cref="SyncClockException"/>) until
    /// <see cref="SyncClockRepair.RestampFutureRowsAsync"/> runs. Rows less far ahead are accepted, and this
    /// instance's wall clock catches up with them by itself.
    /// </summary>
    public bool NeedsRepair => Ahead > MaxClockSkew;
}
