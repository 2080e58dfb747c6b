using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sahana.Sync.AspNetCore;

/// <summary>The JSON both ends use: web defaults (camelCase), enums as their names so a report reads without a table of numbers.</summary>
internal static class SyncJson
{
    internal static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
