using Microsoft.AspNetCore.Builder;

namespace Sahana.Sync.AspNetCore.Tests.Http;

/// <summary>Mapping the endpoints without Sahana.Sync's services names the missing call.</summary>
public sealed class MapSahanaSyncTests
{
    [Fact]
    public async Task MapSahanaSync_without_AddSahanaSync_names_the_missing_call()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        await using var app = builder.Build();

        var map = () => app.MapSahanaSync("/sync");

        map.Should().Throw<SyncConfigurationException>()
            .WithMessage("MapSahanaSync needs*services.AddSahanaSync<TContext>(…)*");
    }
}
