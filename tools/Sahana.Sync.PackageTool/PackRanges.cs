using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sahana.Sync.PackageTool;

/// <summary>
/// Writes a copy of a project's restore assets with the dependency ranges the package declares. NuGet's pack
/// reads a package's dependencies from the assets file, which with central package management holds the
/// pinned build version as a lower bound only; the build keeps its pins, the package states the range.
/// </summary>
internal static class PackRanges
{
    public static int Run(string assetsPath, string outputPath, IReadOnlyList<string> ranges)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var frameworks = assets["project"]?["frameworks"]?.AsObject() ?? [];
        foreach (var range in ranges)
        {
            var (name, value) = range.Split('=', 2) switch
            {
                [var n, var v] => (n, v),
                _ => throw new ArgumentException($"expected NAME=RANGE, found '{range}'"),
            };
            foreach (var (_, framework) in frameworks)
            {
                if (framework?["dependencies"]?[name] is JsonObject dependency)
                {
                    dependency["version"] = value;
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllText(outputPath, assets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
