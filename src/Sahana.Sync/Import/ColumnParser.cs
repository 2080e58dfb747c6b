using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Csv;
using Sahana.Sync.Model;

namespace Sahana.Sync.Import;

/// <summary>
/// Turns one column's file text into the value the database stores, or rejects it naming table, line and
/// column: the type's codec, NULL where the column allows none, text longer than the column, and times
/// cut to the whole microsecond every supported database keeps (a finer time would come back different
/// and look like a newer version on every later sync), but for the largest date and time, kept as it is.
/// </summary>
internal sealed class ColumnParser
{
    private readonly string _table;
    private readonly ColumnMapping _column;
    private readonly ValueCodec _codec;
    private readonly int? _maxLength;

    internal ColumnParser(string table, ColumnMapping column)
    {
        _table = table;
        _column = column;
        _codec = ValueCodecs.For(column.ProviderClrType);
        _maxLength = column.ProviderClrType == typeof(string) ? column.Property.GetMaxLength() : null;
        AllowsNull = column.Property.IsColumnNullable();
    }

    internal bool AllowsNull { get; }

    internal ValueCodec Codec => _codec;

    internal object? Parse(string? text, long line)
    {
        if (text is null)
        {
            return AllowsNull ? null : throw NullRefused(line);
        }

        object value;
        try
        {
            value = _codec.Parse(text);
        }
        catch (ValueFormatException e)
        {
            throw e.ToSyncFormatException(_table, line, _column.Name);
        }

        CheckLength(text, line);

        // The largest DateTime and DateTimeOffset are kept whole: they are sentinels ("no end"), Npgsql stores
        // them as infinity and SQLite as they are, and the export writes them with all 7 digits. Cut, they
        // would become an ordinary time a tick below, no longer infinity nor equal to MaxValue in the host's code.
        return value switch
        {
            DateTime t when t.Ticks == DateTime.MaxValue.Ticks => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            DateTime t => new DateTime(Whole(t.Ticks), DateTimeKind.Utc),
            DateTimeOffset t when t == DateTimeOffset.MaxValue => t,
            DateTimeOffset t => new DateTimeOffset(Whole(t.Ticks), t.Offset),
            TimeSpan t => new TimeSpan(Whole(t.Ticks)),
            TimeOnly t => new TimeOnly(Whole(t.Ticks)),
            _ => value,
        };
    }

    /// <summary>
    /// Refuses what <see cref="Parse"/> would refuse, keeping nothing: the first pass checks every value of
    /// the file but keeps only a few per row, and boxing the rest would be most of its garbage.
    /// </summary>
    internal void Check(string? text, long line)
    {
        if (text is null)
        {
            if (!AllowsNull)
            {
                throw NullRefused(line);
            }

            return;
        }

        try
        {
            _codec.Check(text);
        }
        catch (ValueFormatException e)
        {
            throw e.ToSyncFormatException(_table, line, _column.Name);
        }

        CheckLength(text, line);
    }

    private void CheckLength(string text, long line)
    {
        if (_maxLength is { } max && text.Length > max)
        {
            throw new SyncFormatException(
                _table, line, _column.Name, $"expected at most {max} characters, found {text.Length}");
        }
    }

    private SyncFormatException NullRefused(long line)
        => new(
            _table, line, _column.Name, $"expected {_codec.Expected}, found <NULL> in a column that requires a value");

    private static long Whole(long ticks) => ticks - (ticks % TimeSpan.TicksPerMicrosecond);
}
