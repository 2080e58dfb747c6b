namespace Sahana.Sync.Stamping;

/// <summary>
/// The instance's clock for <see cref="ISyncableEntity.ModifiedOn"/>: the larger of the wall clock and
/// the last stamp issued or seen, plus one microsecond. Stamps never go backwards on one instance, even
/// when the wall clock does or a peer's clock runs fast, so a local edit made after an import always
/// beats what came in.
/// </summary>
/// <remarks>
/// Stamps are whole microseconds: PostgreSQL keeps no finer time, and a stamp one database cannot store
/// exactly would come back as a different, "newer" version on every later sync.
/// </remarks>
internal sealed class HybridLogicalClock(TimeProvider timeProvider)
{
    internal const long TicksPerStep = TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// The latest stamp an import accepts. The clock moves past every stamp it imports, so one at the end of
    /// <see cref="DateTime"/> would leave it no next microsecond: every later save and export would fail.
    /// A year short of the end leaves more microseconds than an instance will ever stamp.
    /// </summary>
    internal static readonly DateTime LatestStamp = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Lock _gate = new();
    private long _lastTicks;
    private volatile bool _seeded;

    /// <summary>Gets a value indicating whether the clock has seen the stamps already in the database.</summary>
    internal bool IsSeeded => _seeded;

    /// <summary>Issues the next stamp, in UTC, strictly after every stamp issued or seen before.</summary>
    internal DateTime Next()
    {
        var wall = Truncate(timeProvider.GetUtcNow().UtcTicks);
        lock (_gate)
        {
            _lastTicks = Math.Max(wall, _lastTicks + TicksPerStep);
            return new DateTime(_lastTicks, DateTimeKind.Utc);
        }
    }

    /// <summary>Moves the clock past a stamp written elsewhere (an import, or the database at start).</summary>
    internal void Observe(DateTime stamp)
    {
        var ticks = Truncate(ToUtc(stamp).Ticks);
        lock (_gate)
        {
            _lastTicks = Math.Max(_lastTicks, ticks);
        }
    }

    /// <summary>Gets the last stamp issued or seen, in UTC.</summary>
    internal DateTime Last
    {
        get
        {
            lock (_gate)
            {
                return new DateTime(_lastTicks, DateTimeKind.Utc);
            }
        }
    }

    /// <summary>
    /// A clock for one import, past this one and past <paramref name="newest"/>, the file's newest stamp: what
    /// the import stamps is newer than all of them, while this clock moves only once the import commits
    /// (<see cref="Observe"/> of the import clock's <see cref="Last"/>), so a refused import leaves no trace.
    /// </summary>
    internal HybridLogicalClock ForImport(DateTime? newest)
    {
        var import = new HybridLogicalClock(timeProvider);
        import.Observe(Last);
        if (newest is { } stamp)
        {
            import.Observe(stamp);
        }

        import.MarkSeeded();
        return import;
    }

    /// <summary>
    /// Winds the clock back to <paramref name="stamp"/>, for a repair that has just re-stamped every row
    /// stamped after it: the next stamp is the later of the wall clock and one microsecond past it. Marks the
    /// clock seeded, so seeding from the database cannot move it again.
    /// </summary>
    internal void Rewind(DateTime stamp)
    {
        var ticks = Truncate(ToUtc(stamp).Ticks);
        lock (_gate)
        {
            _lastTicks = ticks;
            _seeded = true;
        }
    }

    /// <summary>Records that the database's newest stamp has been observed, so a restarted process never reuses a stamp.</summary>
    internal void MarkSeeded() => _seeded = true;

    /// <summary>Truncates a time to the whole microsecond, the finest both providers keep.</summary>
    internal static DateTime Truncate(DateTime value)
        => new(Truncate(value.Ticks), value.Kind);

    private static long Truncate(long ticks) => ticks - (ticks % TicksPerStep);

    // SQLite hands stored stamps back as Unspecified; they were written as UTC.
    private static DateTime ToUtc(DateTime value)
        => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
