using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sahana.Sync.Benchmarks.Baselines;
using Sahana.Sync.Benchmarks.Data;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks;

/// <summary>
/// One measurement of an <see cref="ImportShape"/> by Sahana.Sync or its floor: the shape's two files, a fresh
/// database per iteration (empty, or holding the first file written the writer's own way, and for
/// <see cref="ImportShape.Conflicts"/> edited locally), and the check after the measured operation: both writers
/// must leave the same rows, the references pointing at the right parents. Used by <see cref="ShapeBenchmarks"/>
/// and by the measured <c>import-run … --shape</c>.
/// </summary>
public sealed class ShapeRun(string name)
{
    private BenchmarkDatabase? _database;
    private ServiceProvider? _services;
    private ImportShape _shape;
    private int _rows;
    private bool _full;

    public string FirstFile { get; private set; } = "";

    public string SecondFile { get; private set; } = "";

    public void MakeFiles(ImportShape shape, int rows)
    {
        FirstFile = ShapeFiles.FirstAsync(shape, rows).GetAwaiter().GetResult();
        SecondFile = ShapeFiles.SecondAsync(shape, rows).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Both operations once on files of <see cref="EndToEnd.WarmUpRows"/> rows: JIT and EF Core's model, outside the
    /// measurement.
    /// </summary>
    public void WarmUp(string provider, ImportShape shape, bool sahana)
        => WarmUpAsync(provider, shape, sahana).GetAwaiter().GetResult();

    public void Prepare(string provider, ImportShape shape, int rows, bool sahana, bool full)
        => PrepareAsync(provider, shape, rows, sahana, full).GetAwaiter().GetResult();

    public void Finish() => FinishAsync().GetAwaiter().GetResult();

    public async Task<long> RunAsync(bool sahana, string file)
    {
        var database = _database ?? throw new InvalidOperationException("no iteration set up");
        if (!sahana)
        {
            return await FloorAsync(database, _shape, file);
        }

        var report = await SahanaAsync(_services!, _shape, file, progress: null);
        return report.Tables.Sum(t => t.Rows);
    }

    /// <summary>
    /// Sahana.Sync's import of <paramref name="file"/> as the shape's users send it: the plain shape's sender named
    /// by the caller (<see cref="ImportOptions.Sender"/>), the others' by the file's sync_instance section or by
    /// nobody.
    /// </summary>
    public static async Task<MergeReport> SahanaAsync(
        IServiceProvider services, ImportShape shape, string file, IProgress<SyncProgress>? progress)
    {
        await using var scope = services.CreateAsyncScope();
        await using var stream = new FileStream(
            file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var options = new ImportOptions
        {
            Sender = shape == ImportShape.Plain ? ShapeFiles.Sender : null,
            Progress = progress,
        };
        return await scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().ImportAsync(stream, options);
    }

    public static Task<long> FloorAsync(BenchmarkDatabase database, ImportShape shape, string file)
        => shape is ImportShape.References or ImportShape.Pydal
            ? ReferenceFloor.RunAsync(database, file)
            : UpsertFloor.RunAsync(database, file);

    /// <summary>
    /// For <see cref="ImportShape.Conflicts"/>, between the two files: the first half of the rows edited here after
    /// the sender's first export (<see cref="ShapeFiles.LocalEdit"/>), straight in the table, as a local save would
    /// leave them. Nothing for the other shapes.
    /// </summary>
    public static async Task EditLocallyAsync(BenchmarkDatabase database, ImportShape shape, int rows)
    {
        if (shape != ImportShape.Conflicts)
        {
            return;
        }

        await using var connection = UpsertFloor.Open(database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (connection is NpgsqlConnection)
        {
            command.CommandText = "UPDATE pr_person SET \"Comments\" = 'local edit', "
                + "\"ModifiedOn\" = \"CreatedOn\" + make_interval(secs => @shift) "
                + "WHERE \"CreatedOn\" < @cut";
            command.Parameters.Add(new NpgsqlParameter("shift", (double)(rows + 3_600)));
            command.Parameters.Add(new NpgsqlParameter("cut", ShapeFiles.Start.AddSeconds(rows / 2)));
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            command.CommandText =
                "UPDATE pr_person SET Comments = 'local edit', ModifiedOn = @stamp WHERE Uuid = @uuid";
            var stamp = new SqliteParameter("@stamp", SqliteType.Text);
            var uuid = new SqliteParameter("@uuid", SqliteType.Text);
            command.Parameters.Add(stamp);
            command.Parameters.Add(uuid);
            command.Prepare();
            for (var k = 0; k < rows / 2; k++)
            {
                stamp.Value = ValueCodecs.For<DateTime>().Format(ShapeFiles.LocalEdit(k, rows));
                uuid.Value = PersonFiles.Uuid(k);
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// Throws unless the database holds what the shape's files leave: N rows after the first file, N + N/2 after
    /// both, of which the newer versions the file won (and for conflicts the local edits that won), every
    /// reference pointing at the organisation the sender's row pointed at.
    /// </summary>
    public static async Task CheckAsync(BenchmarkDatabase database, ImportShape shape, int rows, bool full)
    {
        var table = ShapeFiles.Table(shape);
        var sqlite = database.Provider == "sqlite";
        string Q(string column) => sqlite ? column : $"\"{column}\"";
        await using var connection = UpsertFloor.Open(database);
        await connection.OpenAsync();
        long expectedRows = full ? rows + (rows / 2) : rows;
        long expectedEdited = full ? ((rows / 2) + 1) / 2 : 0;
        long expectedLocal = full && shape == ImportShape.Conflicts ? rows / 4 : 0;
        var (count, edited, local) = await ScalarsAsync(connection,
            $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {Q("Comments")} LIKE 'edited%' THEN 1 ELSE 0 END), 0), "
            + $"COALESCE(SUM(CASE WHEN {Q("Comments")} = 'local edit' THEN 1 ELSE 0 END), 0) FROM {table}");
        if (count != expectedRows || edited != expectedEdited || local != expectedLocal)
        {
            throw new InvalidOperationException(
                $"{shape}: {table} holds {count} rows, {edited} newer versions from the file and {local} "
                + $"local edits; expected {expectedRows}, {expectedEdited} and {expectedLocal}");
        }

        var organisations = ShapeFiles.Organisations(shape, rows);
        if (organisations == 0)
        {
            return;
        }

        // A volunteer created at Start + i seconds belongs to organisation i mod orgs, created at Start + that many
        // seconds.
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT v.{Q("CreatedOn")}, o.{Q("CreatedOn")} FROM vol_volunteer v "
            + $"JOIN org_organisation o ON o.{Q("Id")} = v.{Q("OrganisationId")}";
        await using var reader = await command.ExecuteReaderAsync();
        long joined = 0, wrong = 0;
        while (await reader.ReadAsync())
        {
            var i = (long)(reader.GetDateTime(0) - ShapeFiles.Start).TotalSeconds;
            var j = (long)(reader.GetDateTime(1) - ShapeFiles.Start).TotalSeconds;
            joined++;
            wrong += i % organisations == j ? 0 : 1;
        }

        if (joined != expectedRows || wrong != 0)
        {
            throw new InvalidOperationException(
                $"{shape}: {joined} volunteers joined to an organisation, {wrong} of them the wrong one; "
                + $"expected {expectedRows} and 0");
        }

        await reader.DisposeAsync();
        var (orgs, _, _) = await ScalarsAsync(connection, "SELECT COUNT(*), 0, 0 FROM org_organisation");
        if (orgs != organisations)
        {
            throw new InvalidOperationException(
                $"{shape}: org_organisation holds {orgs} rows; expected {organisations}");
        }
    }

    private static async Task<(long, long, long)> ScalarsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        long At(int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        return (At(0), At(1), At(2));
    }

    private async Task WarmUpAsync(string provider, ImportShape shape, bool sahana)
    {
        var (first, second) = (FirstFile, SecondFile);
        try
        {
            MakeFiles(shape, EndToEnd.WarmUpRows);
            await PrepareAsync(provider, shape, EndToEnd.WarmUpRows, sahana, full: false);
            await RunAsync(sahana, FirstFile);
            await FinishAsync();
            await PrepareAsync(provider, shape, EndToEnd.WarmUpRows, sahana, full: true);
            await RunAsync(sahana, SecondFile);
            await FinishAsync();
        }
        finally
        {
            (FirstFile, SecondFile) = (first, second);
        }
    }

    private async Task PrepareAsync(string provider, ImportShape shape, int rows, bool sahana, bool full)
    {
        (_shape, _rows, _full) = (shape, rows, full);
        _database = await BenchmarkDatabase.CreateAsync(provider, name);
        _services = _database.Services();
        await BenchmarkDatabase.CreateSchemaAsync(_services);
        if (full)
        {
            // Each writer's database filled its own way: Sahana's records the sender and what it sent.
            await RunAsync(sahana, FirstFile);
            await EditLocallyAsync(_database, shape, rows);
        }
    }

    private async Task FinishAsync()
    {
        try
        {
            await CheckAsync(_database!, _shape, _rows, _full);
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
