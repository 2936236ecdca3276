using System.Text.Json;

namespace Dunning.Core.Events;

/// <summary>The data of a Microsoft.Communication.SMSDeliveryReportReceived event.</summary>
public sealed record DeliveryReport(
    string MessageId,
    string DeliveryStatus,
    string? DeliveryStatusDetails,
    string? Tag,
    DateTimeOffset ReceivedAt)
{
    public bool IsDelivered => string.Equals(DeliveryStatus, "Delivered", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The data of a Microsoft.Communication.SMSReceived event. <see cref="From"/> is never logged.</summary>
public sealed record InboundSms(string MessageId, string From, string To, string Message, DateTimeOffset ReceivedAt);

/// <summary>
/// Reads ACS SMS event data whatever the case of its keys (<c>messageId</c> or <c>MessageId</c>); a missing or
/// mistyped field becomes a reason, not an exception.
/// </summary>
public static class SmsEventData
{
    public const int MaxFieldLength = 2048;

    /// <summary>
    /// Ids from the body become table keys (1 KiB at most in Azure; Azurite does not enforce it), so they are
    /// bounded here and a longer one is a 400, not a storage error.
    /// </summary>
    public const int MaxMessageIdLength = 128;

    public const int MaxTagLength = 200;

    public const int MaxPhoneLength = 32;

    public static bool TryReadValidationCode(InboundEvent e, out string? code, out string? error)
    {
        code = null;
        return TryObject(e, out error) && TryString(e.Data, "validationCode", required: true, out code, out error);
    }

    public static bool TryReadDeliveryReport(InboundEvent e, out DeliveryReport? report, out string? error)
    {
        report = null;
        if (!TryObject(e, out error)
            || !TryString(e.Data, "messageId", required: true, out var messageId, out error, maxLength: MaxMessageIdLength)
            || !TryString(e.Data, "deliveryStatus", required: true, out var status, out error)
            || !TryString(e.Data, "deliveryStatusDetails", required: false, out var details, out error)
            || !TryString(e.Data, "tag", required: false, out var tag, out error, maxLength: MaxTagLength)
            || !TryReceivedAt(e, out var receivedAt, out error))
        {
            return false;
        }

        report = new DeliveryReport(messageId!, status!, details, tag, receivedAt);
        return true;
    }

    public static bool TryReadInboundSms(InboundEvent e, out InboundSms? sms, out string? error)
    {
        sms = null;
        if (!TryObject(e, out error)
            || !TryString(e.Data, "messageId", required: true, out var messageId, out error, maxLength: MaxMessageIdLength)
            || !TryString(e.Data, "from", required: true, out var from, out error, maxLength: MaxPhoneLength)
            || !TryString(e.Data, "to", required: true, out var to, out error, maxLength: MaxPhoneLength)
            || !TryString(e.Data, "message", required: false, out var message, out error, allowEmpty: true)
            || !TryReceivedAt(e, out var receivedAt, out error))
        {
            return false;
        }

        sms = new InboundSms(messageId!, from!.Trim(), to!.Trim(), message ?? string.Empty, receivedAt);
        return true;
    }

    private static bool TryObject(InboundEvent e, out string? error)
    {
        error = e.Data.ValueKind == JsonValueKind.Object ? null : "data must be an object.";
        return error is null;
    }

    private static bool TryReceivedAt(InboundEvent e, out DateTimeOffset receivedAt, out string? error)
    {
        if (!TryString(e.Data, "receivedTimestamp", required: false, out var text, out error))
        {
            receivedAt = default;
            return false;
        }

        if (text is not null)
        {
            if (EventEnvelopeParser.TryParseTime(text, out receivedAt))
            {
                return true;
            }

            error = "data.receivedTimestamp is not a date and time.";
            return false;
        }

        if (e.Time is { } time)
        {
            receivedAt = time;
            return true;
        }

        receivedAt = default;
        error = "data.receivedTimestamp is missing.";
        return false;
    }

    private static bool TryString(JsonElement data, string name, bool required, out string? value, out string? error, bool allowEmpty = false, int maxLength = MaxFieldLength)
    {
        value = null;
        error = null;
        if (!JsonFields.TryGet(data, name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = $"data.{name} is missing.";
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"data.{name} must be a string.";
            return false;
        }

        value = element.GetString();
        if (value!.Length > maxLength)
        {
            error = $"data.{name} is longer than {maxLength} characters.";
            return false;
        }

        if (!allowEmpty && required && string.IsNullOrWhiteSpace(value))
        {
            error = $"data.{name} is empty.";
            return false;
        }

        return true;
    }
}
