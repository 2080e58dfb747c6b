namespace Sahana.Sync.Csv;

/// <summary>What <see cref="Web2pyCsvReader.ReadAsync"/> has just read.</summary>
internal enum Web2pyCsvRecordKind
{
    /// <summary>Nothing yet: <see cref="Web2pyCsvReader.ReadAsync"/> has not been called.</summary>
    None,

    /// <summary>
    /// The start of a table's section: its <c>TABLE</c> line and its header.
    /// <see cref="Web2pyCsvReader.Table"/> and <see cref="Web2pyCsvReader.Columns"/> describe it.
    /// </summary>
    Table,

    /// <summary>A row of the current table, in <see cref="Web2pyCsvReader.Fields"/>.</summary>
    Row,

    /// <summary><c>END</c>: the file is complete and valid to its last byte. Reading again returns this again.</summary>
    End,
}
