namespace Dunning.Sms;

/// <summary>
/// One recipient and its repeatability key. Sending the same id with the same first-sent time again makes ACS
/// return the first result instead of sending twice.
/// </summary>
public sealed record SmsRecipient(string To, Guid RepeatabilityRequestId, DateTimeOffset RepeatabilityFirstSent);
