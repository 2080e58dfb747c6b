using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// Exports N rows from a SQLite file and reports time and peak memory of the whole process: the check
/// that memory stays flat whatever the number of rows. Data from a fixed seed.
/// </summary>
public static class ExportMemory
{
    private static readonly string[] Names = ["Saman", "Fatima", "Łukasz", "Ngọc", "O'Brien", "සමන්", "பாத்திமா", "Ana \"Nan\"", "Chen, Li"];

    public static async Task RunAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sahana-sync-export-{rows}.db");
        File.Delete(path);
        var services = new ServiceCollection();
        services.AddDbContext<BenchmarkContext>(o => o.UseSqlite($"Data Source={path};Pooling=False"));
        services.AddSahanaSync<BenchmarkContext>(o => o.InstanceId = "col");
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BenchmarkContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.MigrateSahanaSyncAsync();
        }

        await FillAsync(path, rows);
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync(Stream.Null);
            watch.Stop();
            var process = Process.GetCurrentProcess();
            Console.WriteLine($"export rows={result.TotalRows} seconds={watch.Elapsed.TotalSeconds:F2} rows_per_s={result.TotalRows / watch.Elapsed.TotalSeconds:F0} "
                + $"working_set_before_mb={before / 1048576.0:F0} peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:F0} "
                + $"allocated_per_row_bytes={(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)result.TotalRows:F0} gen2_collections={GC.CollectionCount(2)}");
        }

        File.Delete(path);
    }

    internal static async Task FillAsync(string path, int rows)
    {
        var random = new Random(20091226);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO pr_person (FirstName, LastName, Gender, DateOfBirth, Comments, Uuid, Deleted, CreatedOn, ModifiedOn) VALUES ($f, $l, $g, $d, $c, $u, $x, $co, $m)";
        var p = new[] { "$f", "$l", "$g", "$d", "$c", "$u", "$x", "$co", "$m" }.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
        var start = new DateTime(2009, 12, 26, 6, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            var stamp = start.AddSeconds(i);
            p[0].Value = Names[random.Next(Names.Length)];
            p[1].Value = Names[random.Next(Names.Length)];
            p[2].Value = random.Next(1, 4);
            p[3].Value = random.Next(5) == 0 ? DBNull.Value : new DateOnly(1940, 1, 1).AddDays(random.Next(30000)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            p[4].Value = random.Next(3) == 0 ? "arrived with 2 children, \"urgent\"" : "needs insulin";
            p[5].Value = "urn:uuid:" + new Guid(random.GetItems<byte>(new byte[256].Select((_, b) => (byte)b).ToArray(), 16)).ToString("D");
            p[6].Value = random.Next(20) == 0 ? 1 : 0;
            p[7].Value = stamp.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            p[8].Value = stamp.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
