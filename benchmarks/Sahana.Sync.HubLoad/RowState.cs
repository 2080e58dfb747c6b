using Microsoft.EntityFrameworkCore;

namespace Sahana.Sync.HubLoad;

/// <summary>A row as every instance must hold it after the quiet rounds: values, stamp (in ticks) and tombstone, by uuid.</summary>
internal sealed record RowState(string Uuid, string Name, int Quantity, string? Note, long ModifiedTicks, bool Deleted)
{
    public static async Task<List<RowState>> ReadAsync(LoadContext db)
    {
        var rows = await db.Supplies.AsNoTracking()
            .Select(s => new { s.Uuid, s.Name, s.Quantity, s.Note, s.ModifiedOn, s.Deleted })
            .ToListAsync();
        return [.. rows.Select(s => new RowState(s.Uuid, s.Name, s.Quantity, s.Note, s.ModifiedOn.Ticks, s.Deleted))];
    }
}
