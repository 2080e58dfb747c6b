using System.Globalization;
using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Baselines;

/// <summary>
/// What a .NET user would otherwise pick for a bulk upsert (issue 18): linq2db.EntityFrameworkCore on the EF
/// context's own connection and transaction. The file's rows are bulk copied (linq2db's <c>BulkCopyAsync</c>,
/// its default copy type: binary COPY on PostgreSQL, multi-row inserts on SQLite) into a temporary table of
/// pr_person's columns, then one <c>Merge</c> on uuid: update when the incoming <c>ModifiedOn</c> is newer,
/// insert when the uuid is missing. SQLite has no <c>MERGE</c> statement and linq2db's Merge API does not list
/// it, so on SQLite the same merge is the two statements a linq2db user writes instead: <c>UPDATE … FROM</c> the
/// temporary table where newer, then <c>INSERT … SELECT</c> of the uuids not yet there. The plain shape only.
/// </summary>
public static class Linq2DbMerge
{
    private const string Incoming = "incoming_person";

    // The row a missing uuid gets, on both providers' paths: every column of the incoming row but the key.
    private static readonly Expression<Func<Person, Person>> NewRow = s => new Person
    {
        FirstName = s.FirstName,
        LastName = s.LastName,
        Gender = s.Gender,
        DateOfBirth = s.DateOfBirth,
        Comments = s.Comments,
        Uuid = s.Uuid,
        Deleted = s.Deleted,
        CreatedOn = s.CreatedOn,
        ModifiedOn = s.ModifiedOn,
    };

    public static async Task<long> RunAsync(BenchmarkDatabase database, string file)
    {
        var options = new DbContextOptionsBuilder<BenchmarkContext>();
        database.Configure(options);
        await using var db = new BenchmarkContext(options.Options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var connection = db.CreateLinqToDBConnection();

        // Dropped before the commit, as linq2db's connection runs in the EF transaction; on a failure the rollback
        // drops it (a drop then would hide the failure behind an aborted transaction's).
        // pr_person's columns but its key: the EF model's identity is not one in a table linq2db creates.
        var incoming = await connection.CreateTempTableAsync(
            new CreateTempTableOptions(TableName: Incoming, TableOptions: TableOptions.IsTemporary),
            Array.Empty<Person>(),
            m => m.Property(p => p.Id).IsNotColumn());
        var copied = await MergeAsync(database, connection, incoming, file);
        await incoming.DisposeAsync();
        await transaction.CommitAsync();
        return copied;
    }

    private static async Task<long> MergeAsync(
        BenchmarkDatabase database, DataConnection connection, ITable<Person> incoming, string file)
    {
        var copied = await incoming.BulkCopyAsync(new BulkCopyOptions { KeepIdentity = false }, ReadAsync(file));
        var people = connection.GetTable<Person>();
        if (database.Provider == "sqlite")
        {
            await incoming
                .InnerJoin(people, (s, t) => s.Uuid == t.Uuid, (s, t) => new { s, t })
                .Where(x => x.s.ModifiedOn > x.t.ModifiedOn)
                .Set(x => x.t.FirstName, x => x.s.FirstName)
                .Set(x => x.t.LastName, x => x.s.LastName)
                .Set(x => x.t.Gender, x => x.s.Gender)
                .Set(x => x.t.DateOfBirth, x => x.s.DateOfBirth)
                .Set(x => x.t.Comments, x => x.s.Comments)
                .Set(x => x.t.Deleted, x => x.s.Deleted)
                .Set(x => x.t.CreatedOn, x => x.s.CreatedOn)
                .Set(x => x.t.ModifiedOn, x => x.s.ModifiedOn)
                .UpdateAsync();
            await incoming
                .Where(s => !people.Any(t => t.Uuid == s.Uuid))
                .InsertAsync(people, NewRow);
        }
        else
        {
            await people
                .Merge()
                .Using(incoming)
                .On(t => t.Uuid, s => s.Uuid)
                .UpdateWhenMatchedAnd((t, s) => s.ModifiedOn > t.ModifiedOn, (t, s) => new Person
                {
                    FirstName = s.FirstName,
                    LastName = s.LastName,
                    Gender = s.Gender,
                    DateOfBirth = s.DateOfBirth,
                    Comments = s.Comments,
                    Deleted = s.Deleted,
                    CreatedOn = s.CreatedOn,
                    ModifiedOn = s.ModifiedOn,
                })
                .InsertWhenNotMatched(NewRow)
                .MergeAsync();
        }

        return copied.RowsCopied;
    }

    private static async IAsyncEnumerable<Person> ReadAsync(string file)
    {
        await foreach (var fields in UpsertFloor.ReadAsync(file))
        {
            yield return new Person
            {
                FirstName = fields[1],
                LastName = fields[2],
                Gender = fields[3] is { } gender ? int.Parse(gender, CultureInfo.InvariantCulture) : null,
                DateOfBirth = fields[4] is { } born
                    ? DateOnly.ParseExact(born, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null,
                Comments = fields[5],
                Uuid = fields[6]!,
                Deleted = fields[7] == "True",
                CreatedOn = Stamp(fields[8]),
                ModifiedOn = Stamp(fields[9])!.Value,
            };
        }
    }

    private static DateTime? Stamp(string? text)
        => text is null ? null : ValueCodecs.For<DateTime>().ParseValue(text);
}
