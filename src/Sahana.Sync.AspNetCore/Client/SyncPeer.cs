using System.Diagnostics.CodeAnalysis;

namespace Sahana.Sync.AspNetCore;

/// <summary>Another instance this one syncs with over HTTP: where its <c>MapSahanaSync</c> endpoints are, and a name for the logs.</summary>
public sealed class SyncPeer
{
    /// <summary>Initializes a new instance of the <see cref="SyncPeer"/> class, for configuration binding.</summary>
    public SyncPeer()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncPeer"/> class.</summary>
    /// <param name="baseAddress">The address the peer maps its sync endpoints at, for example <c>https://galle.example.org/sync/</c>.</param>
    /// <param name="name">A name for the logs; defaults to the address.</param>
    [SetsRequiredMembers]
    public SyncPeer(Uri baseAddress, string? name = null)
    {
        BaseAddress = baseAddress;
        Name = name;
    }

    /// <summary>
    /// Gets or sets the absolute address the peer maps its sync endpoints at (the prefix given to
    /// <c>MapSahanaSync</c>), for example <c>https://galle.example.org/sync/</c>. At most 100 characters,
    /// because it is recorded in <c>sync_instance.url</c>.
    /// </summary>
    public required Uri BaseAddress { get; set; }

    /// <summary>Gets or sets a name for the logs, such as <c>"Galle"</c>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets the instance id (<c>base_uuid</c>) the peer must answer as, or <see langword="null"/> to take
    /// whichever it names. A peer at this address that answers as another instance fails every run with
    /// <see cref="SyncSenderException"/>, before anything is changed here.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>Gets the address as recorded in <c>sync_instance.url</c> and used as the key of the peer's lock.</summary>
    internal string Url => Directory.AbsoluteUri;

    /// <summary>Gets the base address with a trailing slash, so relative endpoint names resolve beneath it.</summary>
    private Uri Directory => BaseAddress.AbsoluteUri.EndsWith('/') ? BaseAddress : new Uri(BaseAddress.AbsoluteUri + "/");

    /// <inheritdoc/>
    public override string ToString() => Name ?? BaseAddress?.ToString() ?? "(no address)";

    /// <summary>The address of one of the peer's endpoints.</summary>
    internal Uri Endpoint(string relative) => new(Directory, relative);
}
