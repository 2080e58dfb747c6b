using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Model;

/// <summary>
/// A uuid the host left without a maximum length gets the one the contract needs, rather than an error: a
/// newcomer need not configure it, and the length is what every instance's uuids fit in.
/// </summary>
public sealed class UuidLengthTests
{
    [Fact]
    public async Task A_uuid_without_a_maximum_length_gets_128_and_the_model_is_accepted()
    {
        await using var database = new SqliteTestDatabase();
        var builder = new DbContextOptionsBuilder<FieldContext>();
        database.Configure(builder);
        await using var context = new FieldContext(builder.UseSahanaSync().Options);

        var uuid = context.Model.FindEntityType(typeof(Team))!.FindProperty(nameof(Team.Uuid))!;

        uuid.GetMaxLength().Should().Be(128);
    }
}
