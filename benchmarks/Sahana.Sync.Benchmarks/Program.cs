using Sahana.Sync.Benchmarks;

// dotnet run -c Release --project benchmarks/Sahana.Sync.Benchmarks -- export-memory 1000000
if (args is ["export-memory", var count])
{
    await ExportMemory.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

Console.Error.WriteLine("usage: export-memory N");
return 1;
