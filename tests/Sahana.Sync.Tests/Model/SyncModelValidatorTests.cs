using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Sahana.Sync.Tests.Model;

public sealed class SyncModelValidatorTests
{
    [Fact]
    public void A_model_that_keeps_the_contract_builds()
    {
        var build = () => BuildModel("valid", _ => { });

        build.Should().NotThrow();
    }

    [Fact]
    public void Uuid_without_a_maximum_length_is_rejected_with_the_fix()
        => BuildModel("no-max-length", b => b.Entity<Note>().Property(n => n.Uuid).Metadata.SetMaxLength(null))
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'Note' has no maximum length on Uuid*HasMaxLength(128)*");

    [Fact]
    public void Uuid_shorter_than_128_characters_is_rejected()
        => BuildModel("short-uuid", b => b.Entity<Note>().Property(n => n.Uuid).HasMaxLength(36))
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'Note' limits Uuid to 36 characters*up to 128*");

    [Fact]
    public void Unmapped_ModifiedOn_is_rejected_naming_the_property()
        => BuildModel("ignored-modified-on", b => b.Entity<Note>().Ignore(n => n.ModifiedOn), beforeUseSahanaSync: true)
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'Note' implements ISyncableEntity but its ModifiedOn property is not mapped*Ignore()*");

    [Fact]
    public void Composite_key_is_rejected_naming_the_key_properties()
        => BuildModel("composite-key", b => b.Entity<Note>().HasKey(n => new { n.Id, n.Title }), beforeUseSahanaSync: true)
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'Note'*has a composite key (Id, Title)*single-column key*");

    [Fact]
    public void Keyless_synced_entity_is_rejected()
        => BuildModel("keyless", b => b.Entity<Note>().HasNoKey(), beforeUseSahanaSync: true)
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'Note'*has no primary key*");

    [Fact]
    public void Entity_configured_after_UseSahanaSync_is_reported_with_the_fix()
        => BuildModel("late-entity", b => b.Entity<LateNote>())
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("Entity 'LateNote' has no unique index on Uuid*at the end of OnModelCreating*");

    [Fact]
    public void Synced_entities_without_UseSahanaSync_are_reported()
        => BuildModel("no-use", _ => { }, callUseSahanaSync: false)
            .Should().Throw<SyncConfigurationException>()
            .WithMessage("*syncable entities (Note)*call modelBuilder.UseSahanaSync()*");

    [Fact]
    public void UseSahanaSync_gives_uuid_a_maximum_length_of_128_when_the_host_set_none()
    {
        var model = BuildModel("default-length", _ => { })();

        model.FindEntityType(typeof(Note))!.FindProperty(nameof(Note.Uuid))!.GetMaxLength().Should().Be(128);
    }

    private static Func<IModel> BuildModel(string key, Action<ModelBuilder> configure, bool beforeUseSahanaSync = false, bool callUseSahanaSync = true)
        => () =>
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            var services = new ServiceCollection();
            services.AddSingleton(new ModelShape(key, configure, beforeUseSahanaSync, callUseSahanaSync));
            services.AddDbContext<ShapedContext>(o => o.UseSqlite(connection).ReplaceService<IModelCacheKeyFactory, ShapeKeyFactory>());
            services.AddSahanaSync<ShapedContext>(o => o.InstanceId = "col");
            using var provider = services.BuildServiceProvider();
            using var scope = provider.CreateScope();
            return scope.ServiceProvider.GetRequiredService<ShapedContext>().Model;
        };

    public sealed class Note : ISyncableEntity
    {
        public int Id { get; set; }
        public string Title { get; set; } = "";
        public string Uuid { get; set; } = "";
        public DateTime ModifiedOn { get; set; }
        public bool Deleted { get; set; }
    }

    public sealed class LateNote : ISyncableEntity
    {
        public int Id { get; set; }
        public string Uuid { get; set; } = "";
        public DateTime ModifiedOn { get; set; }
        public bool Deleted { get; set; }
    }

    public sealed record ModelShape(string Key, Action<ModelBuilder> Configure, bool BeforeUseSahanaSync, bool CallUseSahanaSync);

    public sealed class ShapedContext(DbContextOptions<ShapedContext> options, ModelShape shape) : DbContext(options)
    {
        public ModelShape Shape { get; } = shape;

        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            if (Shape.BeforeUseSahanaSync)
            {
                Shape.Configure(modelBuilder);
            }

            if (Shape.CallUseSahanaSync)
            {
                modelBuilder.UseSahanaSync();
            }

            if (!Shape.BeforeUseSahanaSync)
            {
                Shape.Configure(modelBuilder);
            }
        }
    }

    private sealed class ShapeKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (((ShapedContext)context).Shape.Key, designTime);
    }
}
