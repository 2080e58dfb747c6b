using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sahana.Sync.Model;

/// <summary>
/// The library's own time columns read back as UTC whatever the provider hands over: SQLite keeps text and returns
/// <see cref="DateTimeKind.Unspecified"/>.
/// </summary>
internal static class UtcStamps
{
    internal static PropertyBuilder<DateTime> Utc(this PropertyBuilder<DateTime> property)
        => property.IsRequired().HasConversion(
            v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    internal static PropertyBuilder<DateTime?> Utc(this PropertyBuilder<DateTime?> property)
        => property.HasConversion(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null);
}
