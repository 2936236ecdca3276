using Dunning.Core.FollowUps;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;
using Microsoft.Extensions.Logging;

namespace Dunning.Core.Events;

/// <summary>Log events of the SMS events endpoint (5000-5099). No number, name, amount or message text.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Delivery report for unknown message {MessageId} acknowledged and ignored")]
    public static partial void DeliveryReportForUnknownMessage(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Delivery report for message {MessageId} arrived before its send was recorded; Event Grid is asked to retry")]
    public static partial void DeliveryReportAheadOfItsSend(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Delivery report moved job {JobId} of lender {LenderId} to {State}")]
    public static partial void DeliveryRecorded(ILogger logger, string lenderId, string jobId, SendState state);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Reply to a sender id no lender uses: platform follow-up {FollowUpId}")]
    public static partial void ReplyToUnknownSenderId(ILogger logger, string followUpId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Reply from a number lender {LenderId} does not know (intent {Intent}): follow-up {FollowUpId}")]
    public static partial void ReplyFromUnknownNumber(ILogger logger, string lenderId, string followUpId, ReplyIntent intent);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Reply for lender {LenderId} read as {Intent}: auto-reply {Reply}, follow-up {FollowUp}")]
    public static partial void ReplyHandled(ILogger logger, string lenderId, ReplyIntent intent, ReplyKind? reply, FollowUpKind? followUp);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "SMS events request rejected with {StatusCode}: {Reason}")]
    public static partial void Rejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Event {EventId} was handled before; acknowledged without effect")]
    public static partial void DuplicateEvent(ILogger logger, string eventId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Event Grid subscription validated ({Schema})")]
    public static partial void SubscriptionValidated(ILogger logger, EventSchema schema);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "SMS events batch: {Received} received, {Processed} processed, {Duplicates} duplicates, {Ignored} ignored")]
    public static partial void BatchHandled(ILogger logger, int received, int processed, int duplicates, int ignored);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Reply for lender {LenderId} read as {Intent} by table phrase '{Phrase}' ({Language}); doubt: {Doubt}")]
    public static partial void ReplyRead(ILogger logger, string lenderId, ReplyIntent intent, string? phrase, string? language, ReplyDoubt doubt);
}
