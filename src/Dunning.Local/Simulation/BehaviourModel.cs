using System.Text.Json;
using Dunning.Core;

namespace Dunning.Local.Simulation;

/// <summary>
/// How simulated borrowers behave. Every outcome of a simulation comes from these numbers and a seed,
/// not from real borrowers; the report says so. Loadable from JSON so a lender can try its own.
/// </summary>
public sealed record BehaviourModel
{
    /// <summary>Chance a borrower pays on or before the due date with no message at all, by segment.</summary>
    public Dictionary<string, double> PayOnTimeBySegment { get; init; } = new() { ["low"] = 0.80, ["medium"] = 0.62, ["high"] = 0.40 };

    /// <summary>Extra chance to pay within <see cref="ResponseWindowDays"/> days of a delivered message, by tone.</summary>
    public Dictionary<Tone, double> PayAfterMessageByTone { get; init; } = new()
    {
        [Tone.Reminder] = 0.18,
        [Tone.WarmNotice] = 0.22,
        [Tone.FormalNotice] = 0.15,
    };

    public int ResponseWindowDays { get; init; } = 3;

    /// <summary>Chance of each reply to a delivered collection message.</summary>
    public Dictionary<string, double> ReplyProbability { get; init; } = new()
    {
        ["STOP"] = 0.01,
        ["PAID"] = 0.02,
        ["PLAN"] = 0.015,
        ["HELP"] = 0.01,
        ["WRONG"] = 0.003,
    };

    /// <summary>Share of numbers the network cannot deliver to.</summary>
    public double UndeliverableShare { get; init; } = 0.02;

    public static BehaviourModel Default { get; } = new();

    public static BehaviourModel Load(string path) =>
        JsonSerializer.Deserialize<BehaviourModel>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        }) ?? throw new InvalidDataException($"{path} holds no behaviour model.");
}
