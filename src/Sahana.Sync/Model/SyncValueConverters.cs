using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sahana.Sync.Model;

/// <summary>
/// The converters <c>UseSahanaSync()</c> puts on every synced entity's uuid and stamp: they change no stored
/// value, they only say what the provider leaves unsaid.
/// </summary>
internal static class SyncValueConverters
{
    /// <summary>
    /// The stamp reads back as the UTC instant it is. SQLite keeps text without a zone, and Npgsql's
    /// <c>timestamp without time zone</c> none either; both would give <see cref="DateTimeKind.Unspecified"/>.
    /// </summary>
    internal static readonly ValueConverter<DateTime, DateTime> Utc = new(
        value => value,
        stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));

    /// <summary>
    /// Refuses to write an empty uuid: only a context that Sahana.Sync does not stamp gets one this far, and the
    /// second such row would fail on the unique uuid index with a message that names neither cause nor fix.
    /// </summary>
    internal static ValueConverter<string, string> RequireUuid(string entity)
        => new(value => Require(value, entity), stored => stored);

    private static string Require(string value, string entity)
        => string.IsNullOrWhiteSpace(value)
            ? throw new SyncConfigurationException(
                $"A row of '{entity}' has an empty Uuid: the context that saved it is not stamped by Sahana.Sync. "
                + "A context made with new (a test, a tool) needs optionsBuilder.UseSahanaSync(); in a host, take it "
                + "from dependency injection, where services.AddSahanaSync<TContext>() attaches the stamping.")
            : value;
}
