namespace Dunning.Core.Experiments;

/// <summary>A proportion with its confidence interval.</summary>
public readonly record struct RateInterval(int Successes, int Trials, double Rate, double Low, double High);

/// <summary>Difference of an arm's rate from the control's, with its confidence interval, in rate points.</summary>
public readonly record struct Uplift(double Difference, double Low, double High)
{
    /// <summary>The interval excludes zero.</summary>
    public bool IsSignificant => Low > 0 || High < 0;
}

/// <summary>Intervals for experiment results at 95% unless told otherwise.</summary>
public static class ExperimentStatistics
{
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval: unlike the plain normal interval it stays inside [0, 1] and behaves with few trials
    /// or rates near 0 or 1, which is where small experiment arms live.
    /// </summary>
    public static RateInterval Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (trials == 0)
        {
            return new RateInterval(0, 0, 0, 0, 1);
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 or all successes the bound is exactly 0 or 1; rounding would leave it a hair inside.
        var low = successes == 0 ? 0 : Math.Max(0, centre - half);
        var high = successes == trials ? 1 : Math.Min(1, centre + half);
        return new RateInterval(successes, trials, p, low, high);
    }

    /// <summary>Arm rate minus control rate with a normal-approximation (Wald) interval on the difference.</summary>
    public static Uplift UpliftVersusControl(int armSuccesses, int armTrials, int controlSuccesses, int controlTrials, double z = Z95)
    {
        if (armTrials == 0 || controlTrials == 0)
        {
            return new Uplift(0, -1, 1);
        }

        var p1 = (double)armSuccesses / armTrials;
        var p0 = (double)controlSuccesses / controlTrials;
        var se = Math.Sqrt(p1 * (1 - p1) / armTrials + p0 * (1 - p0) / controlTrials);
        var difference = p1 - p0;
        return new Uplift(difference, difference - z * se, difference + z * se);
    }
}
