using System.Collections.Concurrent;
using Dunning.Core.Lenders;

namespace Dunning.Core.Experiments;

/// <summary>
/// Fixed experiments as <see cref="FixedVariantPolicy"/>; Thompson experiments draw an arm per job from the
/// posteriors in <paramref name="tally"/>. The choice is remembered per job id, so a job deferred to its
/// arm's send hour comes back to the same arm.
/// </summary>
public sealed class AdaptiveVariantPolicy(ExperimentTally tally, ThompsonSampler sampler) : IVariantPolicy
{
    private readonly ConcurrentDictionary<string, VariantChoice> chosen = new(StringComparer.Ordinal);
    private readonly FixedVariantPolicy fixedPolicy = new();

    /// <summary>Every Thompson choice made so far, by job id.</summary>
    public IReadOnlyDictionary<string, VariantChoice> Chosen => chosen;

    public async ValueTask<VariantChoice?> ChooseAsync(LenderSettings settings, Stage stage, string borrowerId, string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var experiment = settings.Experiments.FirstOrDefault(e => e.AppliesTo(stage));
        if (experiment is null || experiment.Mode == AllocationMode.Fixed)
        {
            return await fixedPolicy.ChooseAsync(settings, stage, borrowerId, jobId, cancellationToken);
        }

        // The draw is keyed by experiment, borrower and stage, not by the job id, which carries the lender id:
        // the same book under another lender id (a second simulation) then replays the same choices.
        return chosen.GetOrAdd(jobId, _ =>
        {
            var arms = experiment.Variants.Select(v => tally.Posterior(experiment.Id, v.Name)).ToList();
            return new VariantChoice(experiment.Id, experiment.Variants[sampler.Choose(arms, $"{experiment.Id}|{borrowerId}|{stage.Name}")]);
        });
    }
}
