using System.Globalization;

namespace Sahana.Sync.HubLoad;

/// <summary>The harness's parameters, from the command line: <c>--name value</c> pairs, all optional.</summary>
internal sealed record LoadSettings
{
    /// <summary>Gets how many sites sync with the hub.</summary>
    public int Sites { get; init; } = 200;

    /// <summary>Gets how long the sites edit and sync; the quiet rounds and the check follow.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets how often each site edits and syncs; each site starts at a random point of its first interval.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets how many rows each site creates before its first sync.</summary>
    public int InitialRows { get; init; } = 10;

    /// <summary>Gets how many rows a site inserts on each tick.</summary>
    public int InsertsPerTick { get; init; } = 1;

    /// <summary>Gets how many of its own rows a site updates on each tick.</summary>
    public int UpdatesPerTick { get; init; } = 1;

    /// <summary>Gets how many syncs the sites run at once in the quiet rounds.</summary>
    public int QuietParallelism { get; init; } = 8;

    /// <summary>Gets how many times a failed sync is run again before it counts as failed after retries.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Gets the seed of every random choice.</summary>
    public int Seed { get; init; } = 21;

    /// <summary>Gets the PostgreSQL connection string the hub's database is created on.</summary>
    public required string Postgres { get; init; }

    public static LoadSettings Parse(string[] args, string postgres)
    {
        var settings = new LoadSettings { Postgres = postgres };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--sites" => settings with { Sites = Int(value) },
                "--minutes" => settings with { Duration = TimeSpan.FromMinutes(Double(value)) },
                "--interval" => settings with { Interval = TimeSpan.FromSeconds(Double(value)) },
                "--rows" => settings with { InitialRows = Int(value) },
                "--inserts" => settings with { InsertsPerTick = Int(value) },
                "--updates" => settings with { UpdatesPerTick = Int(value) },
                "--seed" => settings with { Seed = Int(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        if (settings.Sites is < 2 or > 999)
        {
            throw new ArgumentException("--sites must be 2 to 999 (site ids s001 to s999).");
        }

        return settings;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"sites={Sites} duration_min={Duration.TotalMinutes:F1} interval_s={Interval.TotalSeconds:F0} "
            + $"initial_rows={InitialRows} inserts={InsertsPerTick} updates={UpdatesPerTick} seed={Seed}");

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
