namespace Sahana.Sync;

/// <summary>
/// Thrown when a sync file comes from another instance than the one the import accepts: its
/// <c>sync_instance</c> row names another sender than <see cref="ImportOptions.ExpectedSender"/> or
/// <see cref="ImportOptions.Sender"/>, or than the authenticated caller over HTTP. The file was refused
/// before anything was written; nothing was changed.
/// </summary>
public class SyncSenderException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncSenderException"/> class.</summary>
    public SyncSenderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncSenderException"/> class with a message.</summary>
    /// <param name="message">Who sent the file, and who was expected.</param>
    public SyncSenderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncSenderException"/> class with a message and its cause.</summary>
    /// <param name="message">Who sent the file, and who was expected.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncSenderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="SyncSenderException"/> class for a file whose sender is
    /// not among the expected ones; the message names both.
    /// </summary>
    /// <param name="claimedSender">The <c>base_uuid</c> the file names, or <see langword="null"/> when it names none.</param>
    /// <param name="expectedSenders">The instance ids the import accepts a file from; empty when it accepts none.</param>
    /// <param name="expectedBy">What set the expectation, such as <c>ImportOptions.ExpectedSender</c>.</param>
    public SyncSenderException(string? claimedSender, IReadOnlyCollection<string> expectedSenders, string expectedBy)
        : this(MessageOf(claimedSender, expectedSenders, expectedBy), claimedSender, expectedSenders)
    {
    }

    /// <summary>For a sender refused elsewhere than in a file, such as a peer that answers as another instance.</summary>
    internal SyncSenderException(string message, string? claimedSender, IReadOnlyCollection<string> expectedSenders)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(expectedSenders);
        ClaimedSender = claimedSender;
        ExpectedSenders = [.. expectedSenders];
    }

    /// <summary>Gets the instance id (<c>base_uuid</c>) the file names as its sender, or <see langword="null"/> when it names none.</summary>
    public string? ClaimedSender { get; }

    /// <summary>Gets the instance ids the import accepts a file from; empty when it accepts a file from none.</summary>
    public IReadOnlyCollection<string> ExpectedSenders { get; } = [];

    private static string MessageOf(string? claimed, IReadOnlyCollection<string>? expected, string expectedBy)
    {
        var from = claimed is null ? "names no sender" : $"was exported by instance '{claimed}'";
        var allowed = expected is null || expected.Count == 0
            ? "accepts a file from no instance"
            : expected.Count == 1
                ? $"expects '{expected.First()}'"
                : $"expects one of {string.Join(", ", expected.Order(StringComparer.Ordinal).Select(e => $"'{e}'"))}";
        return $"The file {from}, but the import {allowed} ({expectedBy}). Nothing was changed.";
    }
}
