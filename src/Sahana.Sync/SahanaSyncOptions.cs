using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync;

/// <summary>
/// How this instance takes part in sync: who it is, and what it keeps to itself.
/// Configured in <c>services.AddSahanaSync&lt;TContext&gt;(options =&gt; …)</c> and validated when the host starts.
/// </summary>
public sealed class SahanaSyncOptions
{
    private readonly HashSet<Type> _excludedEntities = [];
    private readonly HashSet<string> _excludedTables = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets this instance's id, the blueprint's <c>base_uuid</c>: 1 to 4 characters of
    /// <c>[a-z0-9]</c>, unique among the instances that sync together. Required.
    /// </summary>
    [Required(ErrorMessage = "SahanaSyncOptions.InstanceId is required: set it to this instance's base_uuid, 1 to 4 characters of [a-z0-9] (for example \"col\").")]
    [RegularExpression("^[a-z0-9]{1,4}$", ErrorMessage = "SahanaSyncOptions.InstanceId must be 1 to 4 characters of [a-z0-9] (the blueprint's base_uuid, for example \"col\").")]
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>Gets or sets the name of this instance's owner (at most 100 characters).</summary>
    [MaxLength(100, ErrorMessage = "SahanaSyncOptions.Owner must be at most 100 characters (sync_instance.owner).")]
    public string? Owner { get; set; }

    /// <summary>Gets or sets the contact details of this instance's owner.</summary>
    public string? Contact { get; set; }

    /// <summary>Gets or sets this instance's server url, if it has one (at most 100 characters).</summary>
    [MaxLength(100, ErrorMessage = "SahanaSyncOptions.Url must be at most 100 characters (sync_instance.url).")]
    public string? Url { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether <c>Remove()</c> of a synced entity is turned into a tombstone
    /// (<see cref="ISyncableEntity.Deleted"/> set and stamped) so that the deletion reaches the other instances.
    /// Defaults to <see langword="true"/>; with <see langword="false"/> the row is deleted here and
    /// comes back with the next import that carries it.
    /// </summary>
    public bool TombstoneOnRemove { get; set; } = true;

    /// <summary>
    /// Gets or sets the generator of uuids for new rows whose <see cref="ISyncableEntity.Uuid"/> is empty.
    /// Defaults to <see langword="null"/>: a lowercase RFC 9562 version-7 UUID, time-ordered so the uuid
    /// index stays compact. Set it to write, for example, Sahana Eden's <c>urn:uuid:…</c> form.
    /// </summary>
    public Func<string>? UuidGenerator { get; set; }

    /// <summary>The default of <see cref="ImportLockTimeout"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultImportLockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how long an import waits for another import into the same database to finish before it
    /// gives up with <see cref="SyncConcurrencyException"/> (nothing changed; import again). Imports into one
    /// database take turns: on PostgreSQL through a transaction-level advisory lock, on SQLite through its
    /// single write transaction. Defaults to 2 minutes, longer than a typical import of a delta, so imports
    /// that arrive together queue instead of failing. At least 1 ms, at most a day.
    /// </summary>
    public TimeSpan ImportLockTimeout { get; set; } = DefaultImportLockTimeout;

    /// <summary>
    /// Gets or sets the folder where an import parks the file's rows between reading and merging (a spill
    /// file readable by this process's user only, removed on every exit path). Defaults to
    /// <see langword="null"/>: the system's temporary folder. If set, the folder must exist when the host starts.
    /// </summary>
    public string? SpillDirectory { get; set; }

    /// <summary>Gets the entity types the host keeps out of sync files, in addition to those that are not syncable.</summary>
    public IReadOnlyCollection<Type> ExcludedEntities => _excludedEntities;

    /// <summary>Gets the table names the host keeps out of sync files, in addition to those that are not syncable.</summary>
    public IReadOnlyCollection<string> ExcludedTables => _excludedTables;

    /// <summary>Keeps a syncable entity's table out of sync files (it still gets stamped).</summary>
    /// <typeparam name="TEntity">The entity type to keep local.</typeparam>
    /// <returns>These options, so calls chain.</returns>
    public SahanaSyncOptions Exclude<TEntity>()
        where TEntity : class
    {
        _excludedEntities.Add(typeof(TEntity));
        return this;
    }

    /// <summary>Keeps a table out of sync files, by the name the database knows it by.</summary>
    /// <param name="tableName">The table name, as in EF's relational model.</param>
    /// <returns>These options, so calls chain.</returns>
    public SahanaSyncOptions Exclude(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _excludedTables.Add(tableName);
        return this;
    }

    /// <summary>The name of the options instance that belongs to <typeparamref name="TContext"/>.</summary>
    internal static string NameFor<TContext>()
        where TContext : DbContext
        => typeof(TContext).FullName ?? typeof(TContext).Name;
}
