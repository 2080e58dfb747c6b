using Sahana.Sync.HubLoad;

// dotnet run -c Release --project benchmarks/Sahana.Sync.HubLoad -- --sites 200 --minutes 10 --interval 30
// Needs SAHANA_SYNC_POSTGRES: a server where the user may create databases (the hub's is sahana_hubload).
var postgres = Environment.GetEnvironmentVariable("SAHANA_SYNC_POSTGRES");
if (string.IsNullOrEmpty(postgres))
{
    Console.Error.WriteLine("Set SAHANA_SYNC_POSTGRES to a PostgreSQL connection string; the hub runs on PostgreSQL.");
    return 2;
}

return await LoadRun.RunAsync(LoadSettings.Parse(args, postgres));
