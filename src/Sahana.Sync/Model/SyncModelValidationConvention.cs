using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Sahana.Sync.Model;

/// <summary>
/// Runs <see cref="SyncModelValidator"/> once the host's model is finished, and marks the model validated so
/// the plan builder does not run it again.
/// </summary>
internal sealed class SyncModelValidationConvention : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        SyncModelValidator.Validate(model);
        model.SetRuntimeAnnotation(SyncModelValidator.ValidatedAnnotation, true);
        return model;
    }
}
