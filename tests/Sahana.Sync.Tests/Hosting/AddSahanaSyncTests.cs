using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Hosting;

public sealed class AddSahanaSyncTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Colombo")]
    [InlineData("COL")]
    [InlineData("co-1")]
    public async Task Missing_or_malformed_InstanceId_fails_at_start_naming_it(string instanceId)
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o => o.InstanceId = instanceId);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .WithMessage("*SahanaSyncOptions.InstanceId*[a-z0-9]*");
    }

    [Fact]
    public async Task Owner_longer_than_its_column_fails_at_start()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o => { o.InstanceId = "col"; o.Owner = new string('x', 101); });
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>().WithMessage("*SahanaSyncOptions.Owner*100*");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    [InlineData(7 * TimeSpan.TicksPerDay + 1)]
    public async Task MaxClockSkew_of_zero_or_less_or_over_seven_days_fails_at_start(long ticks)
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o =>
        {
            o.InstanceId = "col";
            o.MaxClockSkew = TimeSpan.FromTicks(ticks);
        });
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>()
            .WithMessage("*SahanaSyncOptions.MaxClockSkew must be more than zero and at most 7 days*");
    }

    [Fact]
    public async Task MaxClockSkew_defaults_to_30_minutes_and_takes_seven_days()
    {
        new SahanaSyncOptions().MaxClockSkew.Should().Be(TimeSpan.FromMinutes(30));
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o =>
        {
            o.InstanceId = "col";
            o.MaxClockSkew = TimeSpan.FromDays(7);
        });
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_ImportLockTimeout_that_is_not_positive_fails_at_start_naming_it(int seconds)
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o => { o.InstanceId = "col"; o.ImportLockTimeout = TimeSpan.FromSeconds(seconds); });
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>().WithMessage("*SahanaSyncOptions.ImportLockTimeout*");
    }

    [Fact]
    public async Task A_SpillDirectory_that_does_not_exist_fails_at_start_naming_it()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o => { o.InstanceId = "col"; o.SpillDirectory = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}"); });
        using var host = builder.Build();

        await host.Invoking(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>().WithMessage("*SahanaSyncOptions.SpillDirectory*does not exist*");
    }

    [Fact]
    public async Task Valid_options_start_and_resolve_scoped_exporter_and_engine()
    {
        await using var database = new SqliteTestDatabase();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ReliefContext>(database.Configure);
        builder.Services.AddSahanaSync<ReliefContext>(o => o.InstanceId = "col1");
        using var host = builder.Build();
        await host.StartAsync();

        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SyncExporter>().Should().NotBeNull();
        scope.ServiceProvider.GetRequiredService<UuidMergeEngine>().Should()
            .BeSameAs(scope.ServiceProvider.GetRequiredService<UuidMergeEngine>(), "the engine is scoped like the context it is bound to");
        await host.StopAsync();
    }

    [Fact]
    public async Task Calling_AddSahanaSync_twice_stamps_once_and_keeps_both_configurations()
    {
        await using var database = new SqliteTestDatabase();
        var clock = new TestClock(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddDbContext<ReliefContext>(database.Configure);
        services.AddSahanaSync<ReliefContext>(o => o.InstanceId = "col");
        services.AddSahanaSync<ReliefContext>(o => o.Owner = "Colombo office");
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ReliefContext>();
        await context.Database.EnsureCreatedAsync();

        var person = new PrPerson();
        context.People.Add(person);
        await context.SaveChangesAsync();

        person.ModifiedOn.Should().Be(clock.Now.UtcDateTime, "a second interceptor would have stamped one microsecond later");
        var options = provider.GetRequiredService<IOptionsMonitor<SahanaSyncOptions>>().Get(typeof(ReliefContext).FullName);
        options.InstanceId.Should().Be("col");
        options.Owner.Should().Be("Colombo office");
    }
}
