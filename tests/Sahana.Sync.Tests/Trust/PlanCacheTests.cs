using Microsoft.Extensions.DependencyInjection;
using Sahana.Sync.Hosting;
using Sahana.Sync.Model;
using Sahana.Sync.Tests.Infrastructure;

namespace Sahana.Sync.Tests.Trust;

/// <summary>The plan is shared by every scope of a host: concurrent requests build it once and get the same one.</summary>
public abstract class PlanCacheTests : DatabaseTests
{
    [SkippableFact]
    public async Task Many_threads_asking_for_the_plan_at_once_get_one_plan_built_once()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        var services = host.Services.GetRequiredKeyedService<SyncServices>(typeof(ReliefContext));
        await using var scope = host.NewContext();
        var model = scope.Context.Model;
        const int Threads = 16;
        using var start = new Barrier(Threads);

        var plans = await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return services.GetPlan(model);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        plans.Distinct().Should().ContainSingle();
        services.PlansBuilt.Should().Be(1);
    }

    [SkippableFact]
    public async Task The_model_is_validated_once_when_it_is_built_and_the_plan_builder_does_not_validate_it_again()
    {
        await using var database = await CreateDatabaseAsync();
        await using var host = new SyncTestHost<ReliefContext>(database);
        await using var scope = host.NewContext();

        scope.Context.Model.FindRuntimeAnnotationValue(SyncModelValidator.ValidatedAnnotation)
            .Should().Be(true, "the convention validated the finished model and said so, so SyncPlanBuilder skips it");
    }
}

public sealed class SqlitePlanCacheTests : PlanCacheTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Sqlite();
}

public sealed class PostgresPlanCacheTests : PlanCacheTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Postgres();
}
