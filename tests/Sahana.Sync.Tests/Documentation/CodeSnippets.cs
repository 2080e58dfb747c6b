using System.Text.RegularExpressions;

namespace Sahana.Sync.Tests.Documentation;

/// <summary>
/// The compiled snippets of samples/Sahana.Sync.Snippets and the C# blocks of the markdown that shows them.
/// A snippet is the text between <c>// begin-snippet: name</c> and <c>// end-snippet</c>; several regions of
/// one name (the usings above a namespace, the body of a method) join with a blank line between them. A
/// markdown block names its snippet with <c>&lt;!-- snippet: name --&gt;</c> on the line above the fence.
/// Lines compare without their leading and trailing white space, so a snippet may sit inside a method.
/// </summary>
internal sealed partial class CodeSnippets
{
    private readonly Dictionary<string, Snippet> _snippets = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

    /// <summary>What is wrong, one line each, naming file and line; empty when the docs and the code agree.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The names of the snippets read so far, sorted.</summary>
    public IEnumerable<string> Names => _snippets.Keys.Order(StringComparer.Ordinal);

    public void AddSource(string path, string text)
    {
        var lines = SplitLines(text);
        string? open = null;
        var openLine = 0;
        List<SourceLine> region = [];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var begin = BeginMarker().Match(line);
            if (begin.Success)
            {
                if (open is not null)
                {
                    _problems.Add(
                        $"{path}, line {i + 1}: snippet '{begin.Groups[1].Value}' begins inside '{open}' "
                        + $"(line {openLine}).");
                }

                open = begin.Groups[1].Value;
                openLine = i + 1;
                region = [];
            }
            else if (line == "// end-snippet")
            {
                if (open is null)
                {
                    _problems.Add($"{path}, line {i + 1}: // end-snippet without a // begin-snippet above it.");
                    continue;
                }

                if (!_snippets.TryGetValue(open, out var snippet))
                {
                    _snippets[open] = snippet = new Snippet(path, openLine);
                }
                else if (snippet.Path != path)
                {
                    _problems.Add(
                        $"{path}, line {openLine}: snippet '{open}' is also in {snippet.Path}; one file per snippet.");
                }

                if (snippet.Lines.Count > 0)
                {
                    snippet.Lines.Add(new SourceLine("", openLine));
                }

                snippet.Lines.AddRange(region);
                open = null;
            }
            else if (open is not null)
            {
                region.Add(new SourceLine(line, i + 1));
            }
        }

        if (open is not null)
        {
            _problems.Add($"{path}, line {openLine}: snippet '{open}' has no // end-snippet.");
        }
    }

    public void AddMarkdown(string path, string text)
    {
        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var start = i;
            var block = new List<string>();
            for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
            {
                block.Add(lines[i].Trim());
            }

            if (fence.Groups[1].Value.ToLowerInvariant() is "csharp" or "cs" or "c#")
            {
                CheckBlock(path, start, lines, block);
            }
        }
    }

    /// <summary>Adds a problem for every snippet no markdown block showed, so none is compiled for nothing.</summary>
    public void CheckAllShown()
    {
        foreach (var (name, snippet) in _snippets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!_shown.Contains(name))
            {
                _problems.Add($"{snippet.Path}, line {snippet.Line}: snippet '{name}' is shown in no markdown file.");
            }
        }
    }

    private void CheckBlock(string path, int fenceIndex, string[] lines, List<string> block)
    {
        var where = $"{path}, the ```csharp block at line {fenceIndex + 1}";
        var name = fenceIndex > 0 ? SnippetComment().Match(lines[fenceIndex - 1].Trim()) : Match.Empty;
        if (!name.Success)
        {
            var first = block.FirstOrDefault(l => l.Length > 0) ?? "";
            _problems.Add($"{where} ({first}) is not compiled: put it in samples/Sahana.Sync.Snippets between "
                + "// begin-snippet: NAME and // end-snippet, and write <!-- snippet: NAME --> on the line above "
                + "the fence.");
            return;
        }

        var snippetName = name.Groups[1].Value;
        _shown.Add(snippetName);
        if (!_snippets.TryGetValue(snippetName, out var snippet))
        {
            _problems.Add($"{where}, snippet '{snippetName}': no file in samples/Sahana.Sync.Snippets has "
                + $"// begin-snippet: {snippetName}.");
            return;
        }

        for (var i = 0; i < Math.Max(block.Count, snippet.Lines.Count); i++)
        {
            var shown = i < block.Count ? block[i] : null;
            var compiled = i < snippet.Lines.Count ? snippet.Lines[i] : null;
            if (shown != compiled?.Text)
            {
                var there = compiled is null
                    ? $"{snippet.Path} has no more lines"
                    : $"{snippet.Path}, line {compiled.Number} has '{compiled.Text}'";
                var here = shown is null ? "the block has no more lines" : $"the block has '{shown}'";
                _problems.Add(
                    $"{where}, snippet '{snippetName}', its line {i + 1} differs from the compiled code: "
                    + $"{here}, {there}.");
                return;
            }
        }
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^// begin-snippet: ([A-Za-z0-9_.-]+)$")]
    private static partial Regex BeginMarker();

    [GeneratedRegex(@"^<!-- snippet: ([A-Za-z0-9_.-]+) -->$")]
    private static partial Regex SnippetComment();

    [GeneratedRegex(@"^\s*```\s*([^\s`]*)")]
    private static partial Regex Fence();

    private sealed record SourceLine(string Text, int Number);

    private sealed class Snippet(string path, int line)
    {
        public string Path { get; } = path;

        public int Line { get; } = line;

        public List<SourceLine> Lines { get; } = [];
    }
}
