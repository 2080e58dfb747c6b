namespace Sahana.Sync.HubLoad;

/// <summary>A stock line a site keeps: the one synced table of the load test.</summary>
internal sealed class Supply : ISyncableEntity
{
    public int Id { get; set; }

    /// <summary>Gets or sets the row's name, unique per row ever created: a name under two uuids is a duplicate.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the site that created the row.</summary>
    public string Site { get; set; } = "";

    /// <summary>Gets or sets whether the creator's partner site edits the row too.</summary>
    public bool Shared { get; set; }

    public int Quantity { get; set; }

    public string? Note { get; set; }

    public string Uuid { get; set; } = "";

    public DateTime ModifiedOn { get; set; }

    public bool Deleted { get; set; }
}
