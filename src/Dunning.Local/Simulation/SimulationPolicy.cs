using Dunning.Core;
using Dunning.Core.Experiments;
using Dunning.Core.Lenders;

namespace Dunning.Local.Simulation;

/// <summary>The messaging policies a simulation compares on the same population and seed.</summary>
public enum SimulationPolicy
{
    /// <summary>A lender with no stages: the pipeline reads the book and sends nothing.</summary>
    NoMessages,

    /// <summary>The seeds' fixed cadence for everyone: T-7, T-3, T0, T+1, T+3, T+7, no personalisation.</summary>
    FixedCadence,

    /// <summary>Dunning's defaults: the personalised cadence.</summary>
    Personalised,

    /// <summary>Dunning's defaults with the lender's experiments on.</summary>
    Experiments,
}

public static class SimulationPolicies
{
    public static IReadOnlyList<string> FixedCadenceStages { get; } = ["T-7", "T-3", "T0", "T+1", "T+3", "T+7"];

    public static IReadOnlyList<SimulationPolicy> All { get; } = Enum.GetValues<SimulationPolicy>();

    public static string Slug(SimulationPolicy policy) => policy switch
    {
        SimulationPolicy.NoMessages => "none",
        SimulationPolicy.FixedCadence => "fixed",
        SimulationPolicy.Personalised => "dunning",
        _ => "experiments",
    };

    public static string Title(SimulationPolicy policy) => policy switch
    {
        SimulationPolicy.NoMessages => "No messages",
        SimulationPolicy.FixedCadence => "Fixed cadence (T-7, T-3, T0, T+1, T+3, T+7)",
        SimulationPolicy.Personalised => "Dunning personalised",
        _ => "Dunning + experiments",
    };

    public static SimulationPolicy Parse(string text)
    {
        var wanted = text.Trim();
        foreach (var policy in All)
        {
            if (string.Equals(Slug(policy), wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(policy.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return policy;
            }
        }

        throw new ArgumentException($"'{text}' is not a policy (none, fixed, dunning, experiments).", nameof(text));
    }

    /// <summary>The policy's lender: its own id and sender id, so replies route to it, and the policy's cadence.</summary>
    public static LenderSettings LenderFor(SimulationPolicy policy, string prefix, int index, IReadOnlyList<ExperimentDefinition> experiments)
    {
        var lender = LenderSettings.DefaultFor(LenderId.Require($"{prefix}-{Slug(policy)}")) with
        {
            Brand = "安信金融",
            LocalizedBrands = new Dictionary<string, string> { [Languages.English] = "Anxin" },
            Hotline = "400-820-8820",
            PayLink = "https://pay.example.com/anxin",
            PlanLink = "https://pay.example.com/anxin/plan",
            SenderIds = [$"+1800555{100 + index:D4}"],
            PayMethods = new Dictionary<string, string> { [Languages.Chinese] = "App内还款或银行转账", [Languages.English] = "in the app or by bank transfer" },
            PenaltyInfo = new Dictionary<string, string> { [Languages.Chinese] = "逾期将按合同收取罚息", [Languages.English] = "late fees apply as set out in your agreement" },
            // What a lender registered with `lender init --region CN` gets.
            SendTimes = RegionDefaults.China.SendTimes,
        };
        return policy switch
        {
            SimulationPolicy.NoMessages => lender with { Stages = [], CleanHistoryStages = [] },
            SimulationPolicy.FixedCadence => lender with { Stages = FixedCadenceStages, CleanHistoryStages = FixedCadenceStages },
            SimulationPolicy.Personalised => lender,
            _ => lender with { Experiments = experiments },
        };
    }
}
