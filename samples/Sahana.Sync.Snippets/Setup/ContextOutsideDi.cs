// begin-snippet: setup-new-context
using Microsoft.EntityFrameworkCore;
// end-snippet

using ReliefApp.QuickStart;

namespace ReliefApp.Setup;

public static class ContextOutsideDi
{
    public static async Task CountAsync()
    {
        // begin-snippet: setup-new-context
        var options = new DbContextOptionsBuilder<ReliefDb>()
            .UseSqlite("Data Source=relief.db")
            .UseSahanaSync()                        // or UseSahanaSync(o => o.UuidGenerator = …)
            .Options;
        await using var db = new ReliefDb(options);
        // end-snippet
        await db.People.CountAsync();
    }
}
