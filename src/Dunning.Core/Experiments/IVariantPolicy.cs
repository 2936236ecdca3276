using Dunning.Core.Lenders;

namespace Dunning.Core.Experiments;

/// <summary>
/// Which experiment arm, if any, a job goes out under. PersonalizeReminder asks once per job attempt; a policy
/// must answer the same for the same job so a deferred job keeps its arm.
/// </summary>
public interface IVariantPolicy
{
    ValueTask<VariantChoice?> ChooseAsync(LenderSettings settings, Stage stage, string borrowerId, string jobId, CancellationToken cancellationToken = default);
}
