using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Sahana.Sync.Model;

/// <summary>Adds <see cref="SyncModelValidationConvention"/> to the conventions of a context that uses Sahana.Sync.</summary>
internal sealed class SyncConventionSetPlugin : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        conventionSet.Add(new SyncModelValidationConvention());
        return conventionSet;
    }
}
