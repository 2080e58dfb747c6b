namespace Sahana.Sync.Tests.Documentation;

/// <summary>
/// The C# that README.md, docs/*.md and the packages' READMEs show is the C# that samples/Sahana.Sync.Snippets
/// compiles.
/// </summary>
public sealed class DocumentationSnippetsTests
{
    private const string SnippetsProject = "samples/Sahana.Sync.Snippets";

    /// <summary>A snippet in two regions: the usings above the class, a call inside a method.</summary>
    private const string SetupSource = "// begin-snippet: setup\nusing Sahana.Sync;\n// end-snippet\nclass C\n{\n"
        + "    void M()\n    {\n        // begin-snippet: setup\n        Run(1);\n        // end-snippet\n    }\n}\n";

    [Fact]
    public void Every_csharp_block_of_the_readme_and_the_docs_is_a_compiled_snippet()
    {
        var root = RepositoryRoot();
        var snippets = new CodeSnippets();
        var obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        var sources = Directory.EnumerateFiles(
            Path.Combine(root, SnippetsProject), "*.cs", SearchOption.AllDirectories);
        foreach (var file in sources
            .Where(f => !f.Contains(obj, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            snippets.AddSource(Path.GetRelativePath(root, file), File.ReadAllText(file));
        }

        // The packages' own READMEs (src/*/README.md) too: the gallery shows them to the users who pick a package.
        var markdown = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(root, "README.md"));
        foreach (var file in markdown)
        {
            snippets.AddMarkdown(Path.GetRelativePath(root, file), File.ReadAllText(file));
        }

        snippets.CheckAllShown();

        // Every problem on its own line, so one run lists all that is to mend.
        Assert.True(snippets.Problems.Count == 0, string.Join(Environment.NewLine, snippets.Problems));
        snippets.Names.Should().Contain(["quick-start-entity", "quick-start-host", "mvc-controller", "http-client"]);
    }

    [Fact]
    public void The_snippets_project_is_in_the_solution_so_the_build_compiles_it()
    {
        File.ReadAllText(Path.Combine(RepositoryRoot(), "Sahana.Sync.sln"))
            .Should().Contain(@"samples\Sahana.Sync.Snippets\Sahana.Sync.Snippets.csproj");
    }

    [Fact]
    public void A_csharp_block_with_no_snippet_fails_naming_the_file_and_the_block()
    {
        var snippets = new CodeSnippets();
        snippets.AddMarkdown("README.md", "Intro\n\n```csharp\nbuilder.Services.AddSahanaSync<ReliefDb>();\n```\n");

        snippets.Problems.Should().ContainSingle().Which.Should()
            .Contain("README.md, the ```csharp block at line 3")
            .And.Contain("AddSahanaSync<ReliefDb>").And.Contain("not compiled");
    }

    [Fact]
    public void A_block_that_differs_from_its_snippet_fails_naming_both_lines()
    {
        var snippets = new CodeSnippets();
        snippets.AddSource("Setup.cs", SetupSource);
        snippets.AddMarkdown("docs/x.md", "<!-- snippet: setup -->\n```csharp\nusing Sahana.Sync;\n\nRun(2);\n```\n");

        snippets.Problems.Should().ContainSingle().Which.Should()
            .Be("docs/x.md, the ```csharp block at line 2, snippet 'setup', its line 3 differs from the compiled code: "
                + "the block has 'Run(2);', Setup.cs, line 9 has 'Run(1);'.");
    }

    [Fact]
    public void Regions_of_one_name_join_with_a_blank_line_and_compare_without_indentation()
    {
        var snippets = new CodeSnippets();
        snippets.AddSource("Setup.cs", SetupSource);
        snippets.AddMarkdown("docs/x.md", "<!-- snippet: setup -->\n```csharp\nusing Sahana.Sync;\n\nRun(1);\n```\n");
        snippets.CheckAllShown();

        snippets.Problems.Should().BeEmpty();
    }

    [Fact]
    public void A_block_naming_a_snippet_that_no_file_has_fails()
    {
        var snippets = new CodeSnippets();
        snippets.AddMarkdown("README.md", "<!-- snippet: gone -->\n```csharp\nRun();\n```\n");

        snippets.Problems.Should().ContainSingle()
            .Which.Should().Contain("snippet 'gone': no file in samples/Sahana.Sync.Snippets");
    }

    [Fact]
    public void A_snippet_that_no_markdown_shows_fails()
    {
        var snippets = new CodeSnippets();
        snippets.AddSource("Setup.cs", "// begin-snippet: orphan\nRun();\n// end-snippet\n");
        snippets.CheckAllShown();

        snippets.Problems.Should().ContainSingle()
            .Which.Should().Be("Setup.cs, line 1: snippet 'orphan' is shown in no markdown file.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sahana.Sync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Sahana.Sync.sln above {AppContext.BaseDirectory}.");
    }
}
