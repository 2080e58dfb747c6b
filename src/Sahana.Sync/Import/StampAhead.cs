using Sahana.Sync.Csv;
using Sahana.Sync.Stamping;

namespace Sahana.Sync.Import;

/// <summary>A file's first stamp too far ahead of this instance's wall clock: where it is, and by how much.</summary>
internal sealed record StampAhead(string Table, long Line, string? Uuid, DateTime Stamp, TimeSpan Ahead)
{
    /// <summary>The refusal, naming the sender as the operator knows it: its owner, else its id.</summary>
    internal SyncClockException ToException(SenderRow? sender)
    {
        var whose = sender switch
        {
            { Owner: { } owner } when !string.IsNullOrWhiteSpace(owner) => $"{owner}'s clock",
            { } named => $"The clock of instance '{named.BaseUuid}'",
            null => "The sender's clock",
        };
        var stamped = ValueCodecs.For<DateTime>().Format(Stamp);
        var where = Uuid is null
            ? $"{Table} line {Line}, the export timestamp {stamped}"
            : $"{Table} line {Line}, uuid {Uuid}, stamped {stamped}";
        return new SyncClockException(
            $"{whose} is {DurationText.Describe(Ahead)} ahead of this instance's ({where}): correct the clock there "
                + "(or this instance's if it is the wrong one), then export again. Nothing was changed.",
            sender?.BaseUuid,
            Table,
            Line,
            Uuid,
            Ahead);
    }
}
