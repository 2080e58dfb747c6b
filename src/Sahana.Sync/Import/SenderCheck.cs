namespace Sahana.Sync.Import;

/// <summary>
/// Decides who sent a file, or refuses it, after the file is read and before the import's transaction
/// begins, so a refused file changes nothing. The one place a file's claim to a sender is weighed against
/// what the caller knows: the options, the authenticated caller over HTTP, and later a signature.
/// </summary>
internal static class SenderCheck
{
    internal const string CallerIds = "the instance ids the caller may speak for";

    /// <summary>The sender to record the import under, or <see langword="null"/> for none.</summary>
    /// <param name="named">The file's <c>sync_instance</c> row, or null for a plain dump.</param>
    /// <param name="options">The import's options.</param>
    /// <exception cref="SyncSenderException">The file names a sender the options do not accept.</exception>
    internal static string? SenderOf(SenderRow? named, ImportOptions options)
    {
        if (options.Sender is { } sender && options.ExpectedSender is { } expected
            && !string.Equals(sender, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"ImportOptions.Sender ('{sender}') and ImportOptions.ExpectedSender ('{expected}') name different "
                    + "instances.",
                nameof(options));
        }

        var claimed = named?.BaseUuid;
        if (claimed is null)
        {
            // A plain dump says nothing of its sender: the caller's word is all there is.
            return options.Sender ?? options.ExpectedSender
                ?? (options.AllowedSenders is { Count: 1 } one ? one.Single() : null);
        }

        Require(claimed, options.Sender, "ImportOptions.Sender");
        Require(claimed, options.ExpectedSender, "ImportOptions.ExpectedSender");
        if (options.AllowedSenders is { } allowed && !allowed.Contains(claimed))
        {
            throw new SyncSenderException(claimed, allowed, CallerIds);
        }

        return claimed;
    }

    /// <summary>
    /// Gets a value indicating whether the caller vouched for the sender (an authenticated caller, a pinned or
    /// named sender) rather than taking the file's word: only then does the import record which rows came from it,
    /// since a delta for that sender leaves them out, and a forged file must not make a site withhold rows.
    /// </summary>
    internal static bool IsVouchedFor(ImportOptions options)
        => options.Sender is not null || options.ExpectedSender is not null || options.AllowedSenders is not null;

    private static void Require(string claimed, string? expected, string expectedBy)
    {
        if (expected is not null && !string.Equals(claimed, expected, StringComparison.Ordinal))
        {
            throw new SyncSenderException(claimed, [expected], expectedBy);
        }
    }
}
