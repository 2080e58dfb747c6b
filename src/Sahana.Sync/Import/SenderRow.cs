using Sahana.Sync.Csv;
using Sahana.Sync.Model;
using Sahana.Sync.Stamping;

namespace Sahana.Sync.Import;

/// <summary>The file's <c>sync_instance</c> row: who sent it, and when on the sender's clock it was taken.</summary>
internal sealed record SenderRow(string BaseUuid, string? Owner, string? Contact, string? Url, DateTime LastUpdate)
{
    internal static SenderRow Parse(IReadOnlyList<string> columns, string?[] fields, long line)
    {
        const string Table = SyncInstanceConfiguration.TableName;
        string? Field(string column, bool required)
        {
            var index = columns.ToList().IndexOf(column);
            var text = index >= 0 ? fields[index] : null;
            return !required || !string.IsNullOrWhiteSpace(text)
                ? text
                : throw new SyncFormatException(
                    Table,
                    line,
                    column,
                    "expected the sending instance's " + column + ", found "
                        + (index < 0 ? "no such column" : text is null ? "<NULL>" : "an empty field"));
        }

        var baseUuid = Field("base_uuid", required: true)!;
        if (baseUuid.Length > 4)
        {
            throw new SyncFormatException(
                Table, line, "base_uuid", $"expected at most 4 characters, found {baseUuid.Length}");
        }

        DateTime lastUpdate;
        try
        {
            lastUpdate = ValueCodecs.For<DateTime>().ParseValue(Field("last_update", required: true)!);
        }
        catch (ValueFormatException e)
        {
            throw e.ToSyncFormatException(Table, line, "last_update");
        }

        if (lastUpdate >= HybridLogicalClock.LatestStamp)
        {
            throw new SyncFormatException(
                Table,
                line,
                "last_update",
                "expected a stamp before 9999-01-01, which leaves the clock room for later edits, found "
                    + ValueCodecs.For<DateTime>().Format(lastUpdate));
        }

        return new SenderRow(baseUuid, Field("owner", false), Field("contact", false), Field("url", false), lastUpdate);
    }
}
