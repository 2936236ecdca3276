using Dunning.Core.Lenders;

namespace Dunning.Core.Experiments;

/// <summary>
/// The default policy: the lender's experiments on the stage, each borrower in a fixed arm. A Thompson-mode
/// experiment is also split this way here, because this policy sees no outcomes; <see cref="AdaptiveVariantPolicy"/>
/// does, when something feeds it.
/// </summary>
public sealed class FixedVariantPolicy : IVariantPolicy
{
    public ValueTask<VariantChoice?> ChooseAsync(LenderSettings settings, Stage stage, string borrowerId, string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var experiment = settings.Experiments.FirstOrDefault(e => e.AppliesTo(stage));
        return ValueTask.FromResult(experiment is null ? null : new VariantChoice(experiment.Id, VariantAssigner.Assign(experiment, borrowerId)));
    }
}
