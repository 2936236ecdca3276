namespace Dunning.Core.Experiments;

/// <summary>
/// Outcomes per experiment arm (trials = messages whose 3-day window has closed, successes = paid within it),
/// fed by whoever can see payments. Thread-safe: PersonalizeReminder reads while the feeder writes.
/// </summary>
public sealed class ExperimentTally
{
    private readonly Dictionary<(string Experiment, string Variant), (int Successes, int Failures)> counts = [];

    public void Record(string experimentId, string variant, bool success)
    {
        lock (counts)
        {
            var (s, f) = counts.GetValueOrDefault((experimentId, variant));
            counts[(experimentId, variant)] = success ? (s + 1, f) : (s, f + 1);
        }
    }

    public BetaPosterior Posterior(string experimentId, string variant)
    {
        lock (counts)
        {
            var (s, f) = counts.GetValueOrDefault((experimentId, variant));
            return new BetaPosterior(s, f);
        }
    }
}
