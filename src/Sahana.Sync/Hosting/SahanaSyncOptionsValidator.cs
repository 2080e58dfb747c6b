using Microsoft.Extensions.Options;

namespace Sahana.Sync.Hosting;

/// <summary>Checks <see cref="SahanaSyncOptions"/> when the host starts, so a wrong configuration never reaches a sync.</summary>
[OptionsValidator]
internal sealed partial class SahanaSyncOptionsValidator : IValidateOptions<SahanaSyncOptions>
{
}
