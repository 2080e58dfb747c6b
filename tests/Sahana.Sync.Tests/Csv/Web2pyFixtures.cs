namespace Sahana.Sync.Tests.Csv;

/// <summary>The web2py export files under Fixtures/web2py, as pydal wrote them, copied to the test output.</summary>
internal static class Web2pyFixtures
{
    public static TheoryData<string> CsvFiles => new()
    {
        "two-sites/a_final.csv",
        "two-sites/b_final.csv",
        "two-sites-shuffled/a_final.csv",
        "two-sites-shuffled/b_final.csv",
    };

    public static byte[] Read(string relativePath) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "web2py", relativePath));
}
