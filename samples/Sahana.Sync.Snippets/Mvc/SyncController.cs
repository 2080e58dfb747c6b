// begin-snippet: mvc-controller
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Sahana.Sync;
// end-snippet

namespace ReliefApp.Mvc;

// begin-snippet: mvc-controller
[ApiController, Route("sync"), Authorize("sync")]
public sealed class SyncController(SyncExporter exporter, UuidMergeEngine engine) : ControllerBase
{
    [HttpGet("export")]
    public async Task Export([FromQuery] DateTime? since, CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = string.Create(
            CultureInfo.InvariantCulture, $"attachment; filename=\"sync-col-{DateTime.UtcNow:yyyyMMddTHHmmssZ}.csv\"");
        await exporter.ExportAsync(Response.Body, new ExportOptions { ModifiedSince = since }, ct);
    }

    [HttpPost("import"), RequestSizeLimit(256L * 1024 * 1024)]   // Kestrel's default is 30 MB
    public async Task<IActionResult> Import(CancellationToken ct)
    {
        try
        {
            return Ok(await engine.ImportAsync(Request.Body, cancellationToken: ct));
        }
        catch (SyncConcurrencyException e)   // another import held the lock: nothing changed, send it again
        {
            Response.Headers.RetryAfter = "5";
            return Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (SyncException e)   // a bad file (a SyncFormatException names table, line, column): nothing changed
        {
            return Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The sync file was refused.");
        }
    }
}
// end-snippet
