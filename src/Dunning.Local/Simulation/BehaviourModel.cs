using System.Text.Json;
using System.Text.Json.Serialization;
using Dunning.Core;

namespace Dunning.Local.Simulation;

/// <summary>
/// How simulated borrowers behave. Every outcome of a simulation comes from these numbers and a seed, not from
/// real borrowers; the report says so. Loadable from JSON (docs/behaviour-model.json) so a lender can try its own.
/// docs/SIMULATION.md explains each number.
/// </summary>
public sealed record BehaviourModel
{
    /// <summary>Chance a borrower pays on or before the due date with no message at all, by segment.</summary>
    public Dictionary<string, double> PayOnTimeBySegment { get; init; } = new() { ["low"] = 0.80, ["medium"] = 0.62, ["high"] = 0.40 };

    /// <summary>Chance per overdue day that a borrower who missed the date pays with no message, by segment.</summary>
    public Dictionary<string, double> PayLatePerDayBySegment { get; init; } = new() { ["low"] = 0.05, ["medium"] = 0.03, ["high"] = 0.015 };

    /// <summary>Extra chance to pay within <see cref="ResponseWindowDays"/> days of a delivered message, by tone.</summary>
    public Dictionary<Tone, double> PayAfterMessageByTone { get; init; } = new()
    {
        [Tone.Reminder] = 0.10,
        [Tone.WarmNotice] = 0.14,
        [Tone.FormalNotice] = 0.10,
    };

    /// <summary>Added to the tone's chance when the message went out under this experiment variant (by variant name).</summary>
    public Dictionary<string, double> PayAfterMessageByVariant { get; init; } = new() { ["short"] = 0.04 };

    /// <summary>Added to the tone's chance by the borrower-local hour the message arrived (0–23).</summary>
    public Dictionary<int, double> PayAfterMessageByLocalHour { get; init; } = new()
    {
        [8] = -0.02,
        [12] = 0.01,
        [18] = 0.03,
        [19] = 0.03,
        [20] = 0.01,
    };

    public int ResponseWindowDays { get; init; } = 3;

    /// <summary>Chance of each reply to a delivered collection message (at most one reply per message).</summary>
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

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static BehaviourModel Load(string path) =>
        JsonSerializer.Deserialize<BehaviourModel>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} holds no behaviour model.");

    /// <summary>The chance a delivered collection message leads to a payment within the response window, clamped to [0, 1].</summary>
    public double PayAfterMessage(Tone tone, string? variant, int localHour) =>
        Math.Clamp(
            PayAfterMessageByTone.GetValueOrDefault(tone)
            + (variant is null ? 0 : PayAfterMessageByVariant.GetValueOrDefault(variant))
            + PayAfterMessageByLocalHour.GetValueOrDefault(localHour),
            0, 1);
}
