namespace Sahana.Sync.AspNetCore.Tests.Infrastructure;

/// <summary>Edits the tests make on a site, as field staff would.</summary>
public static class Relief
{
    /// <summary>An organisation with <paramref name="people"/> members: enough rows that a file is many kilobytes.</summary>
    public static Task RegisterAsync(SyncSite site, string organisation, int people) => site.EditAsync(db =>
    {
        var org = new OrgOrganisation { Name = organisation, Comments = "registered at " + site.InstanceId };
        db.Organisations.Add(org);
        for (var i = 0; i < people; i++)
        {
            db.People.Add(new PrPerson { FirstName = $"{organisation} member {i}", Comments = new string('x', 40), Organisation = org });
        }

        return Task.CompletedTask;
    });
}
