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
    private readonly HashSet<Type> _siteSpecificEntities = [];
    private readonly HashSet<string> _siteSpecificTables = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Gets or sets how far ahead of this instance's wall clock an imported stamp may be: a file whose export
    /// timestamp or any row's <c>modified_on</c> is further ahead is refused with
    /// <see cref="SyncClockException"/>, and nothing changes. Defaults to 30 minutes; more than zero and at
    /// most 7 days.
    /// </summary>
    /// <remarks>
    /// Why 30 minutes: a laptop's crystal drifts by seconds a day, so months without a time server stay well
    /// inside it, while the mistakes that matter (a wrong time zone, local time entered as UTC, a wrong
    /// daylight-saving setting) are an hour or more and are caught. An accepted stamp can win later edits
    /// for at most this long, and moves this instance's clock ahead by at most this much.
    /// </remarks>
    public TimeSpan MaxClockSkew { get; set; } = DefaultMaxClockSkew;

    /// <summary>
    /// Gets or sets how long a reinstated or dismissed entry stays in the conflict log (<see cref="SyncConflictRecord"/>)
    /// after it was resolved; every import then deletes older ones. Open entries are kept however old. Defaults to 90
    /// days; <see cref="TimeSpan.Zero"/> deletes resolved entries at the next import.
    /// </summary>
    public TimeSpan ConflictRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Gets or sets how long the import history (<see cref="SyncImportRecord"/>) and the record of failed imports
    /// (<see cref="SyncImportFailure"/>) keep a row at least. Pruning (<see cref="SyncImportHistory.PruneAsync"/>,
    /// which the client's scheduler runs) deletes history older than this only once every peer this instance
    /// imported from has synced after it, since a delta for a peer reaches back through the history received
    /// after that peer's last sync. Defaults to 30 days; <see cref="TimeSpan.Zero"/> keeps only what the peers'
    /// deltas need. A peer that only pulls from this instance, and never sends, is covered by this time alone.
    /// </summary>
    public TimeSpan ImportRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The default of <see cref="MaxClockSkew"/>: 30 minutes.</summary>
    internal static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(30);

    /// <summary>The largest <see cref="MaxClockSkew"/> accepted: 7 days.</summary>
    internal static readonly TimeSpan LargestMaxClockSkew = TimeSpan.FromDays(7);
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

    /// <summary>
    /// Gets or sets where this instance's signing key comes from. Every export is signed with it (a line after
    /// <c>END</c>, which pydal never reads), and <c>…/instance</c> publishes its public half. Defaults to
    /// <see langword="null"/>: a key file made at first use, <c>Sahana.Sync/&lt;InstanceId&gt;.signing-key.pem</c> in
    /// the user's local application data, readable by that user only. <see cref="SyncSigningKey.FromPem"/> takes it
    /// from configuration or a secret store, <see cref="SyncSigningKey.FromProtectedFile"/> keeps it protected (by
    /// ASP.NET Core Data Protection, say), and <see cref="SyncSigningKey.None"/> signs nothing.
    /// </summary>
    public SyncSigningKey? SigningKey { get; set; }

    /// <summary>
    /// Gets or sets what an import does with a file that carries no signature. Defaults to
    /// <see cref="SyncSignaturePolicy.KnownPeers"/>: refused from a sender whose key this instance knows (pinned in
    /// <see cref="PeerKeys"/>, or kept from its first signed file), accepted from others, such as a web2py site.
    /// A signed file is always checked.
    /// </summary>
    public SyncSignaturePolicy RequireSignature { get; set; } = SyncSignaturePolicy.KnownPeers;

    /// <summary>
    /// Gets the peers' public keys pinned by the host: instance id to key, Base64 as the peer's <c>…/instance</c>
    /// publishes it or PEM. A pinned key overrides the one kept in <c>sync_instance.public_key</c>; a file signed by
    /// that instance with another key is refused with <see cref="SyncSignatureException"/>. Binds from configuration.
    /// </summary>
    public IDictionary<string, string> PeerKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a value indicating whether the key of a peer's first signed file is kept as that peer's key
    /// (trust on first use; it shows on the sync page as a fingerprint to compare). With <see langword="false"/>,
    /// a signed file is accepted only from an instance whose key is pinned in <see cref="PeerKeys"/> or already kept.
    /// Defaults to <see langword="true"/>.
    /// </summary>
    public bool TrustOnFirstUse { get; set; } = true;

    /// <summary>Gets the entity types the host keeps out of sync files, in addition to those that are not syncable.</summary>
    public IReadOnlyCollection<Type> ExcludedEntities => _excludedEntities;

    /// <summary>Gets the table names the host keeps out of sync files, in addition to those that are not syncable.</summary>
    public IReadOnlyCollection<string> ExcludedTables => _excludedTables;

    /// <summary>Gets the entity types declared site-specific: references to their rows never travel.</summary>
    public IReadOnlyCollection<Type> SiteSpecificEntities => _siteSpecificEntities;

    /// <summary>Gets the table names declared site-specific: references to their rows never travel.</summary>
    public IReadOnlyCollection<string> SiteSpecificTables => _siteSpecificTables;

    /// <summary>
    /// Declares a table that is not syncable as site-specific: its rows mean something only at this
    /// instance (users, groups, site configuration, keys; the blueprint's <c>system_config</c> and
    /// <c>gis_keys</c>). A reference to it from a synced table never travels: the export writes it as
    /// <c>&lt;NULL&gt;</c>, and an import keeps the local value of an updated row and leaves an inserted row's
    /// NULL, since the sender's id would point at another row here. Such a reference must be nullable.
    /// Without this, a table that is not syncable is a lookup list: identical on every instance, its ids
    /// travel as they are and must exist here.
    /// </summary>
    /// <typeparam name="TEntity">The entity type whose table is site-specific; it must not implement <see cref="ISyncableEntity"/>.</typeparam>
    /// <returns>These options, so calls chain.</returns>
    public SahanaSyncOptions SiteSpecific<TEntity>()
        where TEntity : class
    {
        _siteSpecificEntities.Add(typeof(TEntity));
        return this;
    }

    /// <summary>Declares a table site-specific by the name the database knows it by; see <see cref="SiteSpecific{TEntity}"/>.</summary>
    /// <param name="tableName">The table name, as in EF's relational model.</param>
    /// <returns>These options, so calls chain.</returns>
    public SahanaSyncOptions SiteSpecific(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _siteSpecificTables.Add(tableName);
        return this;
    }

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
