using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Csv;

namespace Sahana.Sync.Benchmarks.Baselines;

/// <summary>
/// What users do without us, the EF Core way: for each row of the file find the entity by uuid, update it
/// when the file's version is newer or <c>Add</c> it when there is none, and <c>SaveChanges</c> every
/// <see cref="BatchSize"/> rows, all in one transaction. A plain context: no Sahana.Sync services, so no
/// stamping on save; the file's stamps are kept.
/// </summary>
public static class EfChangeTracking
{
    public const int BatchSize = 1_000;

    public static async Task<long> RunAsync(BenchmarkDatabase database, string file)
    {
        var options = new DbContextOptionsBuilder<BenchmarkContext>();
        database.Configure(options);
        await using var db = new BenchmarkContext(options.Options);
        await using var transaction = await db.Database.BeginTransactionAsync();

        // Entities of the current batch by uuid, so that a uuid twice in one batch finds its pending entity.
        var batch = new Dictionary<string, Person>(StringComparer.Ordinal);
        long rows = 0;
        await foreach (var fields in UpsertFloor.ReadAsync(file))
        {
            var uuid = fields[6]!;
            var modifiedOn = Stamp(fields[9])!.Value;
            var person = batch.GetValueOrDefault(uuid) ?? await db.People.FirstOrDefaultAsync(p => p.Uuid == uuid);
            if (person is null)
            {
                person = new Person { Uuid = uuid };
                Fill(person, fields, modifiedOn);
                db.People.Add(person);
            }
            else if (modifiedOn > person.ModifiedOn)
            {
                Fill(person, fields, modifiedOn);
            }

            batch[uuid] = person;
            if (++rows % BatchSize == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                batch.Clear();
            }
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return rows;
    }

    private static void Fill(Person person, string?[] fields, DateTime modifiedOn)
    {
        person.FirstName = fields[1];
        person.LastName = fields[2];
        person.Gender = fields[3] is { } gender ? int.Parse(gender, CultureInfo.InvariantCulture) : null;
        person.DateOfBirth = fields[4] is { } born ? DateOnly.ParseExact(born, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        person.Comments = fields[5];
        person.Deleted = fields[7] == "True";
        person.CreatedOn = Stamp(fields[8]);
        person.ModifiedOn = modifiedOn;
    }

    private static DateTime? Stamp(string? text) => text is null ? null : ValueCodecs.For<DateTime>().ParseValue(text);
}
