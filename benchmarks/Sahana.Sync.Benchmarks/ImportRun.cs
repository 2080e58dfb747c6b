using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Benchmarks.Baselines;
using Sahana.Sync.Benchmarks.Data;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// One measured run of the end-to-end import on a SQLite file or PostgreSQL: a file of N new rows into an
/// empty database, then a second file of N rows merged into it, in the <see cref="ImportShape"/> asked for
/// (<c>--shape plain|references|pydal|conflicts</c>, plain by default); after each file the floor of that shape
/// writes the same file into a database of its own. Prints rows per second, the ratio to the floor and the peak
/// working set of the whole process; each database is checked after each file (<see cref="ShapeRun.CheckAsync"/>).
/// </summary>
public static class ImportRun
{
    /// <summary>The baselines <c>--baselines</c> runs, each alone by <c>--baseline NAME</c>.</summary>
    public static readonly string[] Baselines = ["recipe", "ef", "linq2db"];

    public static async Task RunAsync(
        int rows, string provider, bool phases, IReadOnlyList<string> baselines, ImportShape shape = ImportShape.Plain)
    {
        if (shape != ImportShape.Plain && (phases || baselines.Count > 0))
        {
            throw new ArgumentException("--phases and --baselines measure the plain shape only");
        }

        var first = await ShapeFiles.FirstAsync(shape, rows);
        var second = await ShapeFiles.SecondAsync(shape, rows);
        var shapeName = shape.ToString().ToLowerInvariant();

        // Rows per second count every row of the file's synced sections: the organisations too.
        var fileRows = rows + ShapeFiles.Organisations(shape, rows);
        await using var database = await BenchmarkDatabase.CreateAsync(provider, $"import{rows}");
        await using var services = database.Services();
        await BenchmarkDatabase.CreateSchemaAsync(services);
        if (phases)
        {
            await using var scope = services.CreateAsyncScope();
            var read = Stopwatch.StartNew();
            long fields = 0;
            await foreach (var row in UpsertFloor.ReadAsync(first))
            {
                fields += row.Length;
            }

            Console.WriteLine($"csv-read rows={rows} seconds={read.Elapsed.TotalSeconds:F2} rows_per_s={rows / read.Elapsed.TotalSeconds:F0}");

            // The first pass alone: reading, checking and parking the file, no database.
            var plan = scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().Plan;
            var watch = Stopwatch.StartNew();
            await using var stream = new FileStream(first, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var index = await Import.FileIndex.ReadAsync(
                stream, plan, new ImportOptions(), DateTime.UtcNow, TimeSpan.FromMinutes(30),
                new Import.SpillFolder(null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), CancellationToken.None);
            Console.WriteLine($"read-and-index rows={rows} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={rows / watch.Elapsed.TotalSeconds:F0} "
                + $"peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} gc_heap_mb={GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} "
                + $"committed_mb={GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F0} live_mb={GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0}");
            watch.Restart();
            long count = 0;
            foreach (var row in index.Spill.Read(0, index.Spill.Position))
            {
                count += row.Fields.Length;
            }

            Console.WriteLine($"spill-read rows={rows} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={rows / watch.Elapsed.TotalSeconds:F0}");
        }

        // The floor into a fresh database of the same schema, each file right after Sahana's run of it, so that the
        // two of a ratio see about the same load on a shared machine.
        await using var floorDatabase = await BenchmarkDatabase.CreateAsync(provider, $"floor{rows}");
        await using var floorServices = floorDatabase.Services();
        await BenchmarkDatabase.CreateSchemaAsync(floorServices);

        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        foreach (var (name, path) in new[] { ("empty", first), ("merge", second) })
        {
            if (name == "merge")
            {
                await ShapeRun.EditLocallyAsync(database, shape, rows);
                await ShapeRun.EditLocallyAsync(floorDatabase, shape, rows);
            }

            var watch = Stopwatch.StartNew();
            var heap = new HeapSampler();
            var report = await ShapeRun.SahanaAsync(services, shape, path, heap);
            watch.Stop();
            var sahana = watch.Elapsed.TotalSeconds;
            var table = report.Tables.Single(t => t.Table == ShapeFiles.Table(shape));
            Console.WriteLine($"sahana {provider} {shapeName} {name} rows={rows} file_rows={fileRows} "
                + $"seconds={sahana:F2} "
                + $"rows_per_s={fileRows / sahana:F0} "
                + $"inserted={table.Inserted} updated={table.Updated} older={table.OlderSkipped} unchanged={table.Unchanged} "
                + $"conflicts={report.ConflictCount} reported_conflicts={report.Conflicts.Count} "
                + $"baseline_mb={baseline / 1048576.0:F0} peak_working_set_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} "
                + $"peak_gc_heap_mb={heap.PeakHeap / 1048576.0:F0} peak_live_after_gc_mb={heap.PeakLive / 1048576.0:F0}");
            await ShapeRun.CheckAsync(database, shape, rows, full: name == "merge");

            // The import only appends the origins of a vouched sender's rows; the first delta for that sender folds
            // them into sync_origin. Its cost, timed apart.
            watch.Restart();
            await using (var scope = services.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<BenchmarkContext>();
                var folded = await Storage.SyncOrigins.FoldAsync(context, CancellationToken.None);
                Console.WriteLine($"fold   {provider} {shapeName} {name} origins={folded} "
                    + $"seconds={watch.Elapsed.TotalSeconds:F2}");
            }

            watch.Restart();
            await ShapeRun.FloorAsync(floorDatabase, shape, path);
            watch.Stop();
            var floor = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"floor  {provider} {shapeName} {name} rows={rows} file_rows={fileRows} "
                + $"seconds={floor:F2} rows_per_s={fileRows / floor:F0} sahana_vs_floor={floor / sahana:F2}");
            await ShapeRun.CheckAsync(floorDatabase, shape, rows, full: name == "merge");
        }

        // What users do without us, once each at this size: BenchmarkDotNet's three iterations of these at 1M take
        // hours.
        if (baselines.Contains("recipe"))
        {
            await RunBaselineAsync(provider, rows, first, second, "recipe", database => BlueprintRecipe.CreateTableAsync(database, indexed: true), BlueprintRecipe.RunAsync);
        }

        if (baselines.Contains("ef"))
        {
            await RunBaselineAsync(provider, rows, first, second, "ef", _ => Task.CompletedTask, EfChangeTracking.RunAsync);
        }

        if (baselines.Contains("linq2db"))
        {
            await RunBaselineAsync(
                provider, rows, first, second, "linq2db", _ => Task.CompletedTask, Linq2DbMerge.RunAsync);
        }
    }

    private static async Task RunBaselineAsync(string provider, int rows, string first, string second, string name, Func<BenchmarkDatabase, Task> prepare, Func<BenchmarkDatabase, string, Task<long>> run)
    {
        await using var database = await BenchmarkDatabase.CreateAsync(provider, $"{name}{rows}");
        await using var services = database.Services();
        await BenchmarkDatabase.CreateSchemaAsync(services);
        await prepare(database);

        foreach (var (file, path) in new[] { ("empty", first), ("merge", second) })
        {
            var watch = Stopwatch.StartNew();
            await run(database, path);
            Console.WriteLine($"{name,-6} {provider} {file} rows={rows} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={rows / watch.Elapsed.TotalSeconds:F0}");
            if (name != "recipe")
            {
                // The same check as Sahana.Sync's and the floor's: the row counts, the newer versions that won.
                await ShapeRun.CheckAsync(database, ImportShape.Plain, rows, full: file == "merge");
            }
        }
    }

    /// <summary>Samples the GC heap at every progress report: how much of the working set is live data.</summary>
    private sealed class HeapSampler : IProgress<SyncProgress>
    {
        private int _reports;

        public long PeakHeap { get; private set; }

        public long PeakLive { get; private set; }

        public void Report(SyncProgress value)
        {
            PeakHeap = Math.Max(PeakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);

            // A full collection now and then: what the import really holds, garbage aside.
            if (++_reports % 50 == 0)
            {
                PeakLive = Math.Max(PeakLive, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
    }
}
