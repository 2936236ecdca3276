namespace Dunning.Sms;

/// <summary>Options of one send call; grows as the service does.</summary>
public sealed class SmsSendOptions
{
    public SmsSendOptions(bool enableDeliveryReport = true) => EnableDeliveryReport = enableDeliveryReport;

    public bool EnableDeliveryReport { get; set; }

    /// <summary>Echoed back in delivery reports (we put the job id here).</summary>
    public string? Tag { get; set; }
}
