using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Benchmarks.Baselines;
using Sahana.Sync.Benchmarks.Data;

namespace Sahana.Sync.Benchmarks;

/// <summary>Who writes the rows in an end-to-end measurement.</summary>
public enum Writer
{
    /// <summary><see cref="UuidMergeEngine.ImportAsync"/>.</summary>
    Sahana,

    /// <summary><see cref="UpsertFloor"/>.</summary>
    Floor,

    /// <summary><see cref="EfChangeTracking"/>.</summary>
    EfChangeTracking,

    /// <summary><see cref="BlueprintRecipe"/> on its table with a non-unique uuid index.</summary>
    Recipe,

    /// <summary><see cref="BlueprintRecipe"/> on its table without any index.</summary>
    RecipeWithoutIndex,

    /// <summary><see cref="Linq2DbMerge"/>: linq2db's BulkCopy into a temporary table, then a newer-wins merge.
    /// </summary>
    Linq2Db,
}

/// <summary>
/// One end-to-end measurement's state: the two files of N rows, and for each iteration a fresh database,
/// empty or holding the first file (loaded the writer's own way, unmeasured), checked after the measured
/// operation: every writer must leave the same rows.
/// </summary>
public sealed class EndToEnd(string name)
{
    public const int WarmUpRows = 200;

    private BenchmarkDatabase? _database;
    private ServiceProvider? _services;
    private string _table = "";
    private long _expectedRows;
    private long _expectedEdited;

    public string FirstFile { get; private set; } = "";

    public string SecondFile { get; private set; } = "";

    public BenchmarkDatabase Database => _database ?? throw new InvalidOperationException("no iteration set up");

    /// <summary>Writes the two files, or finds them from an earlier run: rows from a fixed seed, see <see cref="PersonFiles"/>.</summary>
    public void MakeFiles(int rows)
    {
        FirstFile = PersonFiles.FirstAsync(rows).GetAwaiter().GetResult();
        SecondFile = PersonFiles.SecondAsync(rows).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs <paramref name="writer"/> once on files of <see cref="WarmUpRows"/> rows, into an empty database and
    /// into a full one, so that the first measured iteration does not pay for JIT, EF Core's model and its
    /// compiled queries; the measurement jobs have no warm-up iteration, which would cost a whole run of N rows.
    /// </summary>
    public void WarmUp(string provider, Writer writer) => WarmUpAsync(provider, writer).GetAwaiter().GetResult();

    /// <summary>A fresh database for one iteration: empty, or holding the first file of <paramref name="rows"/> rows when <paramref name="full"/>.</summary>
    public void Prepare(string provider, int rows, Writer writer, bool full) => PrepareAsync(provider, rows, writer, full).GetAwaiter().GetResult();

    /// <summary>Checks what the measured operation left, then drops the database.</summary>
    public void Finish() => FinishAsync().GetAwaiter().GetResult();

    public async Task<long> RunAsync(Writer writer, string file)
    {
        switch (writer)
        {
            case Writer.Sahana:
                await using (var scope = _services!.CreateAsyncScope())
                await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                {
                    var report = await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(stream, new ImportOptions { Sender = "bnch" });
                    return report.Tables.Single().Rows;
                }

            case Writer.Floor:
                return await UpsertFloor.RunAsync(Database, file);
            case Writer.EfChangeTracking:
                return await EfChangeTracking.RunAsync(Database, file);
            case Writer.Linq2Db:
                return await Linq2DbMerge.RunAsync(Database, file);
            default:
                return await BlueprintRecipe.RunAsync(Database, file);
        }
    }

    private async Task WarmUpAsync(string provider, Writer writer)
    {
        var (first, second) = (FirstFile, SecondFile);
        try
        {
            FirstFile = await PersonFiles.FirstAsync(WarmUpRows);
            SecondFile = await PersonFiles.SecondAsync(WarmUpRows);
            await PrepareAsync(provider, WarmUpRows, writer, full: false);
            await RunAsync(writer, FirstFile);
            await FinishAsync();
            await PrepareAsync(provider, WarmUpRows, writer, full: true);
            await RunAsync(writer, SecondFile);
            await FinishAsync();
        }
        finally
        {
            (FirstFile, SecondFile) = (first, second);
        }
    }

    private async Task PrepareAsync(string provider, int rows, Writer writer, bool full)
    {
        _database = await BenchmarkDatabase.CreateAsync(provider, name);
        _services = _database.Services();
        await BenchmarkDatabase.CreateSchemaAsync(_services);
        var recipe = writer is Writer.Recipe or Writer.RecipeWithoutIndex;
        if (recipe)
        {
            await BlueprintRecipe.CreateTableAsync(_database, indexed: writer == Writer.Recipe);
        }

        _table = recipe ? BlueprintRecipe.Table : "pr_person";
        _expectedRows = full ? rows + (rows / 2) : rows;

        // The second file's versions of rows 0, 2, 4… of the first are the newer ones.
        _expectedEdited = full ? ((rows / 2) + 1) / 2 : 0;
        if (!full)
        {
            return;
        }

        // The first file has each uuid once, so its rows are the same whoever writes them; each writer's
        // database is filled its own way (Sahana records the sender), the recipe's without its deletes.
        switch (writer)
        {
            case Writer.Sahana:
                await RunAsync(Writer.Sahana, FirstFile);
                break;
            case Writer.Floor or Writer.EfChangeTracking:
                await UpsertFloor.RunAsync(_database, FirstFile);
                break;
            case Writer.Linq2Db:
                await Linq2DbMerge.RunAsync(_database, FirstFile);
                break;
            default:
                await BlueprintRecipe.InsertAsync(_database, FirstFile);
                break;
        }
    }

    private async Task FinishAsync()
    {
        try
        {
            var sqlite = Database.Provider == "sqlite";
            await using var connection = UpsertFloor.Open(Database);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sqlite
                ? $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN Comments LIKE 'edited%' THEN 1 ELSE 0 END), 0) FROM {_table}"
                : $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN \"Comments\" LIKE 'edited%' THEN 1 ELSE 0 END), 0) FROM {_table}";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (count, edited) = (reader.GetInt64(0), reader.GetInt64(1));
            if (count != _expectedRows || edited != _expectedEdited)
            {
                throw new InvalidOperationException($"{_table} holds {count} rows, {edited} of them newer versions; expected {_expectedRows} and {_expectedEdited}");
            }
        }
        finally
        {
            if (_services is not null)
            {
                await _services.DisposeAsync();
                _services = null;
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
                _database = null;
            }
        }
    }
}
