using Sahana.Sync.Model;
using Sahana.Sync.Storage;

namespace Sahana.Sync.Import;

/// <summary>
/// The sender's row in <c>sync_instance</c>: read before the merge (its <c>last_update</c> is when both
/// sides last agreed), written after it in the same transaction (the file's timestamp, one more sync) when
/// the file is newer than that bookmark; an older or replayed file leaves the row as it is.
/// </summary>
internal sealed class SenderRecord
{
    private readonly TableStore _writer;
    private readonly object?[]? _existing;

    private SenderRecord(TableStore writer, string baseUuid, object?[]? existing)
    {
        _writer = writer;
        BaseUuid = baseUuid;
        _existing = existing;
    }

    internal string BaseUuid { get; }

    /// <summary>
    /// Gets the sender's export timestamp as of its previous import here, or null for a first import.
    /// </summary>
    internal DateTime? PreviousUpdate => _existing?[Column("last_update")] is DateTime last
        ? DateTime.SpecifyKind(last, DateTimeKind.Utc)
        : null;

    internal static async Task<SenderRecord> ReadAsync(
        ImportSession session, string baseUuid, CancellationToken cancellationToken)
    {
        var writer = session.Store(session.Plan.Find(SyncInstanceConfiguration.TableName)!.Mapping);
        return new SenderRecord(
            writer, baseUuid, await writer.FindAsync(baseUuid, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Records this import: the file's details where it has them, the export timestamp, one more sync.
    /// </summary>
    internal async Task<SyncInstance> WriteAsync(
        SenderRow? row, DateTime lastUpdate, string? keyToKeep, CancellationToken cancellationToken)
    {
        var values = _existing is null ? new object?[_writer.Table.Columns.Count] : [.. _existing];
        values[Column("base_uuid")] = BaseUuid;
        values[Column(SyncInstanceConfiguration.PublicKeyColumn)] ??= keyToKeep;
        if (row is not null)
        {
            // What the file leaves out is not news: a peer without a url of its own (one this instance reached,
            // whose url the client recorded) must not lose it to every file it sends.
            values[Column("owner")] = row.Owner ?? values[Column("owner")];
            values[Column("contact")] = row.Contact ?? values[Column("contact")];
            values[Column("url")] = row.Url ?? values[Column("url")];
        }

        values[Column("last_update")] = DateTime.SpecifyKind(lastUpdate, DateTimeKind.Utc);
        values[Column("sync_count")] = (values[Column("sync_count")] is int count ? count : 0) + 1;
        var all = Enumerable.Range(0, values.Length).ToArray();
        if (_existing is null)
        {
            await _writer.InsertAsync(all, [values], wantKeys: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _writer.UpdateAsync(
                    [.. all.Where(i => i != Column("base_uuid"))], [(values, BaseUuid, default)], cancellationToken)
                .ConfigureAwait(false);
        }

        return InstanceOf(values);
    }

    /// <summary>The sender as <c>sync_instance</c> records it, for an import that leaves its row as it is.</summary>
    internal SyncInstance AsRecorded()
        => _existing is null
            ? throw new InvalidOperationException("The sender has no row yet.")
            : InstanceOf(_existing);

    private SyncInstance InstanceOf(object?[] values) => new()
    {
        BaseUuid = BaseUuid,
        Owner = (string?)values[Column("owner")],
        Contact = (string?)values[Column("contact")],
        Url = (string?)values[Column("url")],
        LastUpdate = DateTime.SpecifyKind((DateTime)values[Column("last_update")]!, DateTimeKind.Utc),
        SyncCount = values[Column("sync_count")] is int count ? count : 0,
        PublicKey = (string?)values[Column(SyncInstanceConfiguration.PublicKeyColumn)],
    };

    private int Column(string name) => _writer.Table.IndexOf(name);
}
