namespace Dunning.Sms;

/// <summary>ACS's answer for one recipient.</summary>
public sealed class SmsSendResultItem
{
    internal SmsSendResultItem(string to, string? messageId, int httpStatusCode, bool successful, string? errorMessage, string? repeatabilityResult)
    {
        To = to;
        MessageId = messageId;
        HttpStatusCode = httpStatusCode;
        Successful = successful;
        ErrorMessage = errorMessage;
        RepeatabilityResult = repeatabilityResult;
    }

    public string To { get; }

    public string? MessageId { get; }

    public int HttpStatusCode { get; }

    public bool Successful { get; }

    public string? ErrorMessage { get; }

    /// <summary>"accepted" or "rejected" when the recipient carried a repeatability id.</summary>
    public string? RepeatabilityResult { get; }
}

/// <summary>Builds results for tests that mock <see cref="SmsClient"/>.</summary>
public static class SmsModelFactory
{
    public static SmsSendResultItem SmsSendResultItem(
        string to, string? messageId, int httpStatusCode, bool successful, string? errorMessage = null, string? repeatabilityResult = null) =>
        new(to, messageId, httpStatusCode, successful, errorMessage, repeatabilityResult);
}
