using System.Reflection;
using System.Xml.Linq;

namespace Sahana.Sync.AspNetCore.Tests.Packaging;

/// <summary>
/// The XML docs that are copied beside each package's assembly, and packed with it, document what a consumer
/// can see and nothing else (tools/Sahana.Sync.PackageTool strips the rest after compiling). Checked here by
/// reflection, independently of the tool's own reading of the metadata.
/// </summary>
public sealed class PackageDocumentationTests
{
    public static TheoryData<string> Assemblies => ["Sahana.Sync", "Sahana.Sync.AspNetCore"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_xml_docs_document_no_internal_type_or_member(string assemblyName)
    {
        var (assembly, members) = Load(assemblyName);
        var types = assembly.GetTypes().ToDictionary(DocName, StringComparer.Ordinal);

        var hidden = members.Where(id => !IsVisible(id, types)).ToList();

        hidden.Should().BeEmpty($"{assemblyName}.xml goes into the package, where only the public surface belongs");
        members.Should()
            .Contain(id => id.StartsWith("M:", StringComparison.Ordinal), "the public members keep their docs");
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_public_type_keeps_its_docs(string assemblyName)
    {
        var (assembly, members) = Load(assemblyName);

        var undocumented = assembly.GetExportedTypes().Select(t => "T:" + DocName(t))
            .Where(id => !members.Contains(id)).ToList();

        undocumented.Should().BeEmpty();
    }

    private static (Assembly Assembly, HashSet<string> Members) Load(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        return (assembly, members);
    }

    private static string DocName(Type type) => type.FullName!.Replace('+', '.');

    private static bool IsVisible(string id, Dictionary<string, Type> types)
    {
        var name = id[2..];
        var parameters = name.IndexOf('(', StringComparison.Ordinal);
        name = parameters < 0 ? name : name[..parameters];
        if (id.StartsWith("T:", StringComparison.Ordinal))
        {
            return types.TryGetValue(name, out var type) && type.IsVisible;
        }

        var dot = name.LastIndexOf('.');
        if (!types.TryGetValue(name[..dot], out var declaring) || !declaring.IsVisible)
        {
            return false;
        }

        var memberName = name[(dot + 1)..].Replace('#', '.');
        var tick = memberName.IndexOf("``", StringComparison.Ordinal);
        memberName = tick < 0 ? memberName : memberName[..tick];
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return declaring.GetMember(memberName, all).Any(member => member switch
        {
            MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
            FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
            PropertyInfo property => property.GetAccessors(nonPublic: true)
                .Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
            EventInfo @event => @event.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly),
            _ => false,
        });
    }
}
