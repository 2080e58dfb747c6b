using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sahana.Sync.Model;

/// <summary>
/// Reads EF's relational model once into a <see cref="SyncPlan"/>: every table, its verdict, its columns
/// in file order, its foreign keys, and the order parents-before-children. Nothing else in Sahana.Sync
/// inspects EF metadata.
/// </summary>
internal static class SyncPlanBuilder
{
    internal static SyncPlan Build(IModel model, SahanaSyncOptions options)
    {
        // The convention validated the model when it was built; a model built without it (a compiled model) is
        // validated here.
        if (model.FindRuntimeAnnotation(SyncModelValidator.ValidatedAnnotation) is null)
        {
            SyncModelValidator.Validate(model);
        }

        var tables = model.GetRelationalModel().Tables
            .Where(t => t.EntityTypeMappings.Any())
            .Select(t => Plan(t, options))
            .ToList();
        MarkSiteReferences(tables);
        return new SyncPlan(ParentsFirst(tables));
    }

    /// <summary>
    /// Marks the columns of synced tables that reference a site-specific table: they never travel, so an
    /// inserted row gets NULL there, which a required column could not hold.
    /// </summary>
    private static void MarkSiteReferences(List<SyncTablePlan> tables)
    {
        var siteTables = tables.Where(t => t.Verdict == SyncTableVerdict.SiteSpecific).Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => t.Verdict == SyncTableVerdict.Synced))
        {
            foreach (var column in table.Mapping.Columns.Where(c => c.References is { } parent && siteTables.Contains(parent)))
            {
                if (!column.Property.IsNullable)
                {
                    throw new SyncConfigurationException(
                        $"{table.Mapping.EntityType.DisplayName()}.{column.Property.Name} (column {table.Table}.{column.Name}) is a required reference to the site-specific table "
                        + $"{column.References}. A reference into a site-specific table never travels, so a row that arrives from another instance has NULL there: make the property nullable.");
                }

                column.StaysLocal = true;
            }
        }
    }

    private static SyncTablePlan Plan(ITable table, SahanaSyncOptions options)
    {
        var root = table.EntityTypeMappings.Select(m => m.TypeBase).OfType<IEntityType>()
            .OrderBy(e => e.BaseType is null ? 0 : 1).ThenBy(e => e.IsOwned() ? 1 : 0).First();
        var syncable = SyncedEntityTypes.IsSyncable(root.ClrType) && root.BaseType is null && !root.IsOwned();
        var mapping = new TableMapping(table.Name, table.Schema, root, Columns(table, syncable));

        if (root.ClrType == typeof(SyncInstance))
        {
            return new(mapping, SyncTableVerdict.NotSyncable, "Sahana.Sync's record of peers; this instance's own row heads every file");
        }

        if (root.ClrType == typeof(SyncConflictRecord))
        {
            return new(mapping, SyncTableVerdict.NotSyncable, "Sahana.Sync's conflict log at this site; never in a file, backups included");
        }

        if (root.ClrType == typeof(SyncImportFailure))
        {
            return new(mapping, SyncTableVerdict.NotSyncable, "Sahana.Sync's record of failed imports at this site; never in a file, backups included");
        }

        if (root.ClrType == typeof(SyncImportRecord))
        {
            return new(mapping, SyncTableVerdict.NotSyncable, "Sahana.Sync's history of imports at this site; never in a file, backups included");
        }

        var siteSpecific = options.SiteSpecificEntities.Any(t => t.IsAssignableFrom(root.ClrType)) || options.SiteSpecificTables.Contains(table.Name);
        if (siteSpecific && syncable)
        {
            throw new SyncConfigurationException(
                $"{root.DisplayName()} (table {table.Name}) implements ISyncableEntity, so it cannot be site-specific: its rows would travel. "
                + $"Keep it out of sync files with options.Exclude<{root.ClrType.Name}>() instead, or remove options.SiteSpecific for it.");
        }

        if (siteSpecific)
        {
            return new(mapping, SyncTableVerdict.SiteSpecific, "site-specific (options.SiteSpecific): stays here, and references to its rows never travel");
        }

        if (!syncable)
        {
            return new(mapping, SyncTableVerdict.NotSyncable, $"{root.DisplayName()} does not implement ISyncableEntity: a lookup list, whose ids travel as they are");
        }

        if (options.ExcludedEntities.Any(t => t.IsAssignableFrom(root.ClrType)))
        {
            return new(mapping, SyncTableVerdict.ExcludedByConfiguration, $"excluded by options.Exclude<{root.ClrType.Name}>()");
        }

        if (options.ExcludedTables.Contains(table.Name))
        {
            return new(mapping, SyncTableVerdict.ExcludedByConfiguration, $"excluded by options.Exclude(\"{table.Name}\")");
        }

        return new(mapping, SyncTableVerdict.Synced, $"{root.DisplayName()} implements ISyncableEntity");
    }

    private static List<ColumnMapping> Columns(ITable table, bool syncable)
    {
        var keyColumns = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        var columns = table.Columns
            .Select(c => (Column: c, Property: c.PropertyMappings.Select(m => m.Property).OrderBy(p => p.DeclaringType is IEntityType { BaseType: null } ? 0 : 1).First()))
            .OrderBy(c => keyColumns.IndexOf(c.Column.Name) is var k and >= 0 ? k : int.MaxValue)
            .ThenBy(c => Depth(c.Property.DeclaringType))
            .ThenBy(c => c.Property.PropertyInfo?.MetadataToken ?? int.MaxValue)
            .ThenBy(c => c.Column.Name, StringComparer.Ordinal)
            .Select(c => new ColumnMapping(
                c.Column.Name,
                c.Property,
                c.Property.GetRelationalTypeMapping(),
                keyColumns.Contains(c.Column.Name) ? ColumnRole.Key : RoleOf(c.Property, syncable)))
            .ToList();

        foreach (var foreignKey in table.ForeignKeyConstraints.Where(f => f.Columns.Count == 1))
        {
            var column = columns.First(c => c.Name == foreignKey.Columns[0].Name);
            column.References ??= foreignKey.PrincipalTable.Name;
        }

        return columns;
    }

    private static ColumnRole RoleOf(IProperty property, bool syncable) => !syncable ? ColumnRole.Data : property.Name switch
    {
        SyncedEntityTypes.UuidProperty => ColumnRole.Uuid,
        SyncedEntityTypes.ModifiedOnProperty => ColumnRole.ModifiedOn,
        SyncedEntityTypes.DeletedProperty => ColumnRole.Deleted,
        _ => ColumnRole.Data,
    };

    private static int Depth(ITypeBase type)
    {
        var depth = 0;
        for (var t = (type as IEntityType)?.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>
    /// Orders tables so a referenced table comes before those that reference it: pydal re-points a
    /// reference only to a table it has already read. Ties go by name so every run writes the same file;
    /// a reference cycle is broken at the first table by name.
    /// </summary>
    private static List<SyncTablePlan> ParentsFirst(List<SyncTablePlan> tables)
    {
        var byName = tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var parents = tables.ToDictionary(
            t => t.Table,
            t => t.Mapping.Columns.Select(c => c.References).OfType<string>()
                .Where(p => p != t.Table && byName.ContainsKey(p)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ordered = new List<SyncTablePlan>(tables.Count);
        var remaining = new SortedSet<string>(byName.Keys, StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(t => parents[t].All(p => !remaining.Contains(p))) ?? remaining.Min!;
            remaining.Remove(next);
            ordered.Add(byName[next]);
        }

        return ordered;
    }
}
