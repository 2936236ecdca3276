namespace Dunning.Core.Experiments;

/// <summary>Reason codes experiments add to the contact log.</summary>
public static class ExperimentReasons
{
    /// <summary>Deferral: held until the experiment arm's local send hour.</summary>
    public const string SendHour = "experiment-send-hour";
}
