using Sahana.Sync.Merge;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Reads the newest version of every uuid of a section back from the spill, parsed, its references to the
/// sender's keys turned into uuids or slots, in batches. It runs beside the merge, so it touches nothing the
/// merge writes.
/// </summary>
internal sealed class WinnerReader(
    ImportSession session, FileSection section, MergeColumns columns, MergeDecision decision)
{
    private readonly TableMapping _table = section.Mapping;

    /// <summary>Emits the winners in batches of <paramref name="batchSize"/>.</summary>
    internal async Task ReadAsync(
        int batchSize,
        Func<List<(VersionSlot Slot, RowVersion Version)>, ValueTask> emit,
        CancellationToken cancellationToken)
    {
        var versions = section.Versions!;

        // Versions with one stamp are ordered by their values, references as uuids: the same winner on every
        // instance. They are folded as they come, so a uuid repeated a million times holds one version here.
        var ties = new Dictionary<int, (RowVersion Best, long Left)>();
        var batch = new List<(VersionSlot Slot, RowVersion Version)>(batchSize);
        foreach (var row in session.File.Spill.Read(section.SpillStart, section.SpillEnd))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var uuid = row.Fields[section.FieldOf[columns.Uuid]]!;
            if (!versions.TryGet(uuid, out var number) || row.Offset < versions.OffsetOf(number))
            {
                continue;
            }

            RowVersion version;
            var tied = versions.TiesOf(number);
            if (tied == 0)
            {
                if (row.Offset != versions.OffsetOf(number))
                {
                    continue;
                }

                version = Parse(row);
            }
            else
            {
                // The first of the tied versions is where the index points; the others follow it with the same
                // stamp.
                if (!IsNewest(row, versions.NewestOf(number)))
                {
                    continue;
                }

                version = Parse(row);
                var left = tied;
                if (ties.Remove(number, out var held))
                {
                    version = decision.Compare(held.Best, version) >= 0 ? held.Best : version;
                    left = held.Left - 1;
                }

                if (left > 0)
                {
                    ties[number] = (version, left);
                    continue;
                }
            }

            batch.Add((new VersionSlot(versions, number), version));
            if (batch.Count == batchSize)
            {
                await emit(batch).ConfigureAwait(false);
                batch = new List<(VersionSlot Slot, RowVersion Version)>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            await emit(batch).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether a row has the stamp and flag of its uuid's newest version: only its stamp and flag are parsed.
    /// </summary>
    private bool IsNewest(SpilledRow row, (long Ticks, bool Deleted) newest)
    {
        var modifiedOn = columns.ModifiedOn;
        var stamp = (DateTime)section.Parsers[modifiedOn].Parse(row.Fields[section.FieldOf[modifiedOn]], row.Line)!;
        var deleted = columns.Deleted >= 0 && section.FieldOf[columns.Deleted] is var field and >= 0
            && section.Parsers[columns.Deleted].Parse(row.Fields[field], row.Line) is true;
        return stamp.Ticks == newest.Ticks && deleted == newest.Deleted;
    }

    private RowVersion Parse(SpilledRow row)
    {
        var values = new object?[_table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (section.FieldOf[i] is var field and >= 0)
            {
                values[i] = section.Parsers[i].Parse(row.Fields[field], row.Line);
            }
        }

        var deleted = columns.Deleted;
        if (deleted >= 0 && section.FieldOf[deleted] < 0)
        {
            values[deleted] = false;
        }

        foreach (var reference in columns.References)
        {
            if (reference.ByUuid && values[reference.Index] is { } senderKey)
            {
                values[reference.Index] = reference.Resolve(section, senderKey, row);
            }
        }

        var stamp = (DateTime)values[columns.ModifiedOn]!;
        return new RowVersion(stamp, deleted >= 0 && values[deleted] is true, values, row.Line)
        {
            Key = values[columns.Key],
        };
    }
}
