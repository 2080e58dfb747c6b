using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Sahana.Sync.Model;

/// <summary>Runs <see cref="SyncModelValidator"/> once the host's model is finished.</summary>
internal sealed class SyncModelValidationConvention : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        SyncModelValidator.Validate(model);
        return model;
    }
}
