using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Hosting;

/// <summary>The usual ways into a .NET host: a configuration section, several contexts, and the mistakes.</summary>
public sealed class AddSahanaSyncConfigurationTests
{
    [Fact]
    public async Task A_configuration_section_sets_every_option()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SahanaSync:InstanceId"] = "col",
            ["SahanaSync:Owner"] = "Colombo office",
            ["SahanaSync:Contact"] = "ops@example.org",
            ["SahanaSync:Url"] = "https://colombo.example.org/sync/",
            ["SahanaSync:TombstoneOnRemove"] = "false",
            ["SahanaSync:MaxClockSkew"] = "01:00:00",
            ["SahanaSync:ImportLockTimeout"] = "00:00:30",
            ["SahanaSync:ExcludedTables:0"] = "cr_shelter_registration",
            ["SahanaSync:SiteSpecificTables:0"] = "gis_config",
        });
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(builder.Configuration.GetSection("SahanaSync"));
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptionsMonitor<SahanaSyncOptions>>()
            .Get(typeof(ReliefContext).FullName);
        options.InstanceId.Should().Be("col");
        options.Owner.Should().Be("Colombo office");
        options.Contact.Should().Be("ops@example.org");
        options.Url.Should().Be("https://colombo.example.org/sync/");
        options.TombstoneOnRemove.Should().BeFalse();
        options.MaxClockSkew.Should().Be(TimeSpan.FromHours(1));
        options.ImportLockTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.ExcludedTables.Should().Equal("cr_shelter_registration");
        options.SiteSpecificTables.Should().Equal("gis_config");
        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SyncExporter>().Plan.SyncedTables.Select(t => t.Table)
            .Should().NotContain("cr_shelter_registration");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_bad_value_in_the_section_fails_at_start_naming_the_option()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["SahanaSync:InstanceId"] = "Colombo" });
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(builder.Configuration.GetSection("SahanaSync"));
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>()
            .WithMessage("*SahanaSyncOptions.InstanceId*");
    }

    [Fact]
    public async Task Configure_of_the_unnamed_options_fails_at_start_naming_AddSahanaSync()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["SahanaSync:InstanceId"] = "col" });
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.Configure<SahanaSyncOptions>(builder.Configuration.GetSection("SahanaSync"));
        builder.Services.AddSahanaSync<ReliefContext>(_ => { });
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<SyncConfigurationException>()
            .WithMessage("services.Configure<SahanaSyncOptions>(…) configures options that Sahana.Sync does not read*"
                + "AddSahanaSync<ReliefContext>(configuration.GetSection(\"SahanaSync\"))*");
    }

    [Fact]
    public async Task Two_contexts_in_one_host_each_get_their_own_exporter_and_engine_by_key()
    {
        await using var relief = new SqliteTestDatabase();
        await using var field = new SqliteTestDatabase();
        var services = new ServiceCollection();
        services.AddDbContext<ReliefContext>(relief.Configure);
        services.AddDbContext<FieldContext>(field.Configure);
        services.AddSahanaSync<ReliefContext>(o => o.InstanceId = "col");
        services.AddSahanaSync<FieldContext>(o => o.InstanceId = "fld");
        await using var provider = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = provider.CreateAsyncScope())
        {
            foreach (var context in new DbContext[]
            {
                scope.ServiceProvider.GetRequiredService<ReliefContext>(),
                scope.ServiceProvider.GetRequiredService<FieldContext>(),
            })
            {
                await context.Database.EnsureCreatedAsync();
                await context.Database.MigrateSahanaSyncAsync();
            }
        }

        await using var requests = provider.CreateAsyncScope();
        var fieldExporter = requests.ServiceProvider.GetRequiredKeyedService<SyncExporter>(typeof(FieldContext));
        var reliefExporter = requests.ServiceProvider.GetRequiredKeyedService<SyncExporter>(typeof(ReliefContext));
        var fieldEngine = requests.ServiceProvider.GetRequiredKeyedService<UuidMergeEngine>(typeof(FieldContext));

        fieldExporter.Plan.SyncedTables.Select(t => t.Table).Should().BeEquivalentTo("team", "member");
        reliefExporter.Plan.SyncedTables.Select(t => t.Table).Should().Contain("pr_person");
        requests.ServiceProvider.GetRequiredService<SyncExporter>()
            .Should().BeSameAs(reliefExporter, "the first context added needs no key");
        requests.ServiceProvider.GetRequiredKeyedService<SyncClockRepair>(typeof(FieldContext)).Should().NotBeNull();
        using var file = new MemoryStream();
        await fieldExporter.ExportAsync(file);
        Encoding.UTF8.GetString(file.ToArray()).Should().Contain("fld,").And.Contain("TABLE team");
        (await fieldEngine.ImportAsync(new MemoryStream(file.ToArray()))).MatchedNoSyncedTable.Should().BeFalse();
    }
}
