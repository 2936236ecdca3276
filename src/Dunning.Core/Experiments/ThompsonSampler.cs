namespace Dunning.Core.Experiments;

/// <summary>Beta(1 + successes, 1 + failures) belief about one arm's success rate.</summary>
public readonly record struct BetaPosterior(int Successes, int Failures)
{
    public double Alpha => 1 + Successes;

    public double Beta => 1 + Failures;

    public double Mean => Alpha / (Alpha + Beta);
}

/// <summary>
/// Thompson sampling: draw a rate from each arm's Beta posterior and play the arm with the highest draw. Every
/// draw is seeded from the sampler's seed and a caller-given key (the job id), so a decision replays the same way
/// whatever order concurrent jobs arrive in.
/// </summary>
public sealed class ThompsonSampler(int seed)
{
    public int Choose(IReadOnlyList<BetaPosterior> arms, string drawKey)
    {
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count == 0)
        {
            throw new ArgumentException("No arms to choose from.", nameof(arms));
        }

        var random = new Random(unchecked((int)VariantAssigner.Bucket(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), drawKey)));
        var best = 0;
        var bestDraw = double.MinValue;
        for (var i = 0; i < arms.Count; i++)
        {
            var draw = SampleBeta(random, arms[i].Alpha, arms[i].Beta);
            if (draw > bestDraw)
            {
                best = i;
                bestDraw = draw;
            }
        }

        return best;
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    public static double SampleBeta(Random random, double alpha, double beta)
    {
        var x = SampleGamma(random, alpha);
        var y = SampleGamma(random, beta);
        return x / (x + y);
    }

    /// <summary>Marsaglia and Tsang's method; shape below 1 is boosted by U^(1/shape).</summary>
    public static double SampleGamma(Random random, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            return SampleGamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(random);
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 - NextDouble() keeps the logarithm's argument in (0, 1].
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
