namespace Sahana.Sync;

/// <summary>
/// Thrown when a sync file's signature does not prove who made it: the signature does not match the file's
/// bytes (a byte changed, or the file was cut), it was made with another key than the one this instance knows
/// for the sender, the file names another sender than its signer, or an unsigned file comes from a sender
/// <see cref="SahanaSyncOptions.RequireSignature"/> requires a signature of. The file was refused before
/// anything was written; nothing was changed.
/// </summary>
public class SyncSignatureException : SyncException
{
    /// <summary>Initializes a new instance of the <see cref="SyncSignatureException"/> class.</summary>
    public SyncSignatureException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncSignatureException"/> class with a message.</summary>
    /// <param name="message">What is wrong with the signature.</param>
    public SyncSignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncSignatureException"/> class with a message and its cause.</summary>
    /// <param name="message">What is wrong with the signature.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public SyncSignatureException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SyncSignatureException"/> class with the keys involved.</summary>
    /// <param name="message">What is wrong with the signature.</param>
    /// <param name="sender">The instance the file names or is signed by.</param>
    /// <param name="knownFingerprint">The fingerprint of the key this instance knows for the sender, if any.</param>
    /// <param name="fileFingerprint">The fingerprint of the key the file was signed with, if any.</param>
    public SyncSignatureException(string message, string? sender, string? knownFingerprint, string? fileFingerprint)
        : base(message)
    {
        Sender = sender;
        KnownFingerprint = knownFingerprint;
        FileFingerprint = fileFingerprint;
    }

    /// <summary>Gets the instance id (<c>base_uuid</c>) the file names or is signed by, when known.</summary>
    public string? Sender { get; }

    /// <summary>Gets the fingerprint of the key this instance knows for <see cref="Sender"/> (stored or pinned), if any.</summary>
    public string? KnownFingerprint { get; }

    /// <summary>Gets the fingerprint of the key the file was signed with, if it was signed.</summary>
    public string? FileFingerprint { get; }
}
