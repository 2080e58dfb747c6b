// begin-snippet: quick-start-host
using Microsoft.EntityFrameworkCore;
// end-snippet

namespace ReliefApp.QuickStart;

public static class HostSetup
{
    public static void AddSync(WebApplicationBuilder builder, string connectionString)
    {
        // begin-snippet: quick-start-host
        builder.Services.AddDbContext<ReliefDb>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSahanaSync<ReliefDb>(o =>
        {
            o.InstanceId = "col";                 // this instance's base_uuid: 1-4 of [a-z0-9], checked at start
            o.Owner = "Colombo office";
            o.Contact = "ops@example.org";
            o.Exclude<AuditEntry>();              // a syncable table that should still stay local
            o.SiteSpecific<AppUser>();            // users: a reference to one never travels (docs/export.md)
            // o.MaxClockSkew = TimeSpan.FromMinutes(30);   // the default: a file stamped further ahead is refused
        });
        // end-snippet
    }
}
