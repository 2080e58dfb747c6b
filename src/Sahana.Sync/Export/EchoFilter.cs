using System.Data.Common;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Export;

/// <summary>
/// Tells, row by row, whether a delta's recipient sent the row's current version here: the row's stamp is the one
/// <c>sync_origin</c> holds for it and that sender (the column after the file's). Both stamps are compared as the
/// file would write them, so a column the host stores zoneless or as text compares like one stored with a zone.
/// </summary>
internal sealed class EchoFilter(Func<DbDataReader, int, string?>[] formatters, int stampColumn)
{
    private static readonly Func<DbDataReader, int, string?> OriginStamp = Storage.ColumnReaders.Text(typeof(DateTime));

    private readonly string?[] _fields = new string?[formatters.Length];

    /// <summary>Gets how many rows were echoes.</summary>
    internal long LeftOut { get; private set; }

    /// <summary>Reads the current row; true when it goes back where it came from, and is left out.</summary>
    internal bool IsEcho(DbDataReader reader)
    {
        for (var i = 0; i < formatters.Length; i++)
        {
            _fields[i] = formatters[i](reader, i);
        }

        var sent = OriginStamp(reader, formatters.Length);
        if (sent is null || !string.Equals(sent, _fields[stampColumn], StringComparison.Ordinal))
        {
            return false;
        }

        LeftOut++;
        return true;
    }

    /// <summary>Writes the row just read.</summary>
    internal void WriteTo(Web2pyCsvWriter writer)
    {
        foreach (var field in _fields)
        {
            writer.WriteField(field);
        }
    }
}
