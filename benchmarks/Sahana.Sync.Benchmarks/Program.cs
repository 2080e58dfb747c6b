using Sahana.Sync.Benchmarks;

// Everything but the plain measured runs below goes to BenchmarkDotNet, e.g.
// dotnet run -c Release --project benchmarks/Sahana.Sync.Benchmarks -- --filter '*Import*'
if (args is not (["export-memory", ..] or ["import-run", ..] or ["export-http", ..]))
{
    return BenchmarkSuite.Run(args);
}

// dotnet run -c Release --project benchmarks/Sahana.Sync.Benchmarks -- export-memory 1000000
if (args is ["export-memory", var count])
{
    await ExportMemory.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

// dotnet run -c Release --project benchmarks/Sahana.Sync.Benchmarks -- import-run 1000000 sqlite [--baselines]
// … import-run 1000000 sqlite --baseline linq2db (one baseline: recipe, ef or linq2db)
// … import-run 1000000 sqlite --shape plain|references|pydal|conflicts
if (args is ["import-run", var n, var provider, ..])
{
    var at = Array.IndexOf(args, "--shape");
    var shape = at < 0 ? ImportShape.Plain : Enum.Parse<ImportShape>(args[at + 1], ignoreCase: true);
    var one = Array.IndexOf(args, "--baseline");
    string[] baselines = args.Contains("--baselines") ? ImportRun.Baselines : one < 0 ? [] : [args[one + 1]];
    await ImportRun.RunAsync(
        int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), provider, phases: args.Contains("--phases"),
        baselines, shape);
    return 0;
}

// dotnet run -c Release --project benchmarks/Sahana.Sync.Benchmarks -- export-http 100000
if (args is ["export-http", var exported])
{
    await ExportOverHttp.RunAsync(int.Parse(exported, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

Console.Error.WriteLine(
    "usage: export-memory N | import-run N sqlite|postgres [--shape plain|references|pydal|conflicts] "
    + "[--phases] [--baselines | --baseline recipe|ef|linq2db] | export-http N");
return 1;
