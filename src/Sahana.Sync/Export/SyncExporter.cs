using Microsoft.EntityFrameworkCore;
using Sahana.Sync.Hosting;

namespace Sahana.Sync;

/// <summary>
/// Writes the synced tables of the whole database as one CSV stream in the web2py DAL format.
/// Registered as a scoped service by <c>AddSahanaSync&lt;TContext&gt;()</c>, bound to that context.
/// </summary>
public sealed class SyncExporter
{
    private readonly DbContext _context;
    private readonly SyncServices _services;

    internal SyncExporter(DbContext context, SyncServices services)
    {
        _context = context;
        _services = services;
    }

    /// <summary>Writes the export to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="destination">The stream to write to; the caller owns it.</param>
    /// <param name="options">What to write; <see langword="null"/> for every synced table in full.</param>
    /// <param name="cancellationToken">A token to cancel the export.</param>
    /// <returns>The tables and rows written, and the export's timestamp.</returns>
    public Task<ExportResult> ExportAsync(Stream destination, ExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _ = _context;
        _ = _services;
        throw new NotSupportedException("The exporter arrives with issue 3.");
    }
}
