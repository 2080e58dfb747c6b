using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Sahana.Sync.PackageTool;

/// <summary>
/// Removes from a compiler's XML doc file every member a consumer cannot see: internal and private types
/// and members, and anything inside them. The compiler writes them all (dotnet/roslyn#12485), and the
/// package should document its public surface only.
/// </summary>
internal static class PublicDocs
{
    public static int Run(string assemblyPath, string docsPath)
    {
        var (visible, all) = DocumentationIds(assemblyPath);
        var document = XDocument.Load(docsPath, LoadOptions.PreserveWhitespace);
        var members = document.Root?.Element("members")?.Elements("member").ToList() ?? [];
        // An id this tool cannot match is dropped, as the compiler's file-local types (generated regexes) are;
        // one inside a public type means the id was computed wrongly, and the member's docs would be lost.
        var unknown = members.Select(m => (string?)m.Attribute("name") ?? "")
            .Where(n => !all.Contains(n) && visible.Contains("T:" + DeclaringType(n)))
            .ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine(
                $"{docsPath}: error SAHANA001: no member of {assemblyPath} has the doc id(s) "
                + $"{string.Join(", ", unknown)}.");
            return 1;
        }

        var removed = 0;
        foreach (var member in members.Where(m => !visible.Contains((string)m.Attribute("name")!)))
        {
            // The whitespace before an element goes with it, so the file keeps its shape.
            if (member.PreviousNode is XText text && string.IsNullOrWhiteSpace(text.Value))
            {
                text.Remove();
            }

            member.Remove();
            removed++;
        }

        document.Save(docsPath);
        Console.WriteLine(
            $"{Path.GetFileName(docsPath)}: kept {members.Count - removed} public members, removed {removed}.");
        return 0;
    }

    /// <summary>The doc ids of the members outside code can see, and of all members.</summary>
    internal static (HashSet<string> Visible, HashSet<string> All) DocumentationIds(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var provider = new DocIdTypeProvider(reader);
        HashSet<string> visible = new(StringComparer.Ordinal);
        HashSet<string> all = new(StringComparer.Ordinal);

        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var typeName = provider.FullName(handle);
            var typeVisible = IsVisible(reader, type);
            Add("T:" + typeName, typeVisible);

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var methodId = "M:" + typeName + "." + MethodId(reader, provider, method);
                Add(methodId, typeVisible && IsVisible(method.Attributes));
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                var fieldVisible = access
                    is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;
                Add("F:" + typeName + "." + reader.GetString(field.Name), typeVisible && fieldVisible);
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var accessors = property.GetAccessors();
                var accessorVisible = new[] { accessors.Getter, accessors.Setter }.Where(a => !a.IsNil)
                    .Any(a => IsVisible(reader.GetMethodDefinition(a).Attributes));
                var signature = property.DecodeSignature(provider, default);
                var parameters = signature.ParameterTypes.Length == 0
                    ? ""
                    : "(" + string.Join(",", signature.ParameterTypes) + ")";
                var propertyName = reader.GetString(property.Name).Replace('.', '#');
                Add("P:" + typeName + "." + propertyName + parameters, typeVisible && accessorVisible);
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var @event = reader.GetEventDefinition(eventHandle);
                var adder = @event.GetAccessors().Adder;
                var eventVisible = !adder.IsNil && IsVisible(reader.GetMethodDefinition(adder).Attributes);
                var eventName = reader.GetString(@event.Name).Replace('.', '#');
                Add("E:" + typeName + "." + eventName, typeVisible && eventVisible);
            }
        }

        return (visible, all);

        void Add(string id, bool isVisible)
        {
            all.Add(id);
            if (isVisible)
            {
                visible.Add(id);
            }
        }
    }

    /// <summary>The type a doc id names, or that declares the member it names.</summary>
    private static string DeclaringType(string id)
    {
        var name = id[2..];
        var parameters = name.IndexOf('(', StringComparison.Ordinal);
        name = parameters < 0 ? name : name[..parameters];
        if (id.StartsWith("T:", StringComparison.Ordinal))
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[..dot];
    }

    private static string MethodId(MetadataReader reader, DocIdTypeProvider provider, MethodDefinition method)
    {
        var name = reader.GetString(method.Name).Replace('.', '#');
        var signature = method.DecodeSignature(provider, default);
        var arity = method.GetGenericParameters().Count;
        var id = arity > 0 ? $"{name}``{arity}" : name;
        if (signature.ParameterTypes.Length > 0)
        {
            id += "(" + string.Join(",", signature.ParameterTypes) + ")";
        }

        return name is "op_Implicit" or "op_Explicit" ? id + "~" + signature.ReturnType : id;
    }

    private static bool IsVisible(MethodAttributes attributes)
        => (attributes & MethodAttributes.MemberAccessMask)
            is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (!type.GetDeclaringType().IsNil)
        {
            return visibility
                    is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
                && IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
        }

        return visibility == TypeAttributes.Public;
    }
}
