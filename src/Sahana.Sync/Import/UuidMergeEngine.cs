using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Hosting;

namespace Sahana.Sync;

/// <summary>
/// Imports a web2py DAL CSV stream: for every uuid the newest version survives, references are re-pointed
/// to local rows, deletions travel as tombstones, and the whole import is one transaction.
/// Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>, bound to that context.
/// </summary>
public sealed class UuidMergeEngine
{
    private readonly DbContext _context;
    private readonly SyncServices _services;

    internal UuidMergeEngine(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
    }

    /// <summary>Imports <paramref name="source"/>, which stays open.</summary>
    /// <param name="source">The stream to read; the caller owns it.</param>
    /// <param name="options">How to merge; <see langword="null"/> for newest-wins.</param>
    /// <param name="cancellationToken">A token to cancel the import; the database is then left as it was.</param>
    /// <returns>What the import changed.</returns>
    public Task<MergeReport> ImportAsync(Stream source, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        _ = _context;
        _ = _services;
        throw new NotSupportedException("The merge engine arrives with issue 4.");
    }
}
