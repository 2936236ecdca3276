using System.Text.Json.Serialization;

namespace Dunning.Sms;

// The REST shapes of POST /sms, used only for (de)serialization.

internal sealed record SendMessageRequestBody(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("smsRecipients")] IReadOnlyList<SmsRecipientBody> SmsRecipients,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("smsSendOptions")] SmsSendOptionsBody? SmsSendOptions);

internal sealed record SmsRecipientBody(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("repeatabilityRequestId")] string? RepeatabilityRequestId,
    [property: JsonPropertyName("repeatabilityFirstSent")] string? RepeatabilityFirstSent);

internal sealed record SmsSendOptionsBody(
    [property: JsonPropertyName("enableDeliveryReport")] bool EnableDeliveryReport,
    [property: JsonPropertyName("tag")] string? Tag);

internal sealed record SmsSendResponseBody(
    [property: JsonPropertyName("value")] IReadOnlyList<SmsSendResponseItemBody>? Value);

internal sealed record SmsSendResponseItemBody(
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("httpStatusCode")] int HttpStatusCode,
    [property: JsonPropertyName("repeatabilityResult")] string? RepeatabilityResult,
    [property: JsonPropertyName("successful")] bool Successful,
    [property: JsonPropertyName("errorMessage")] string? ErrorMessage);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendMessageRequestBody))]
[JsonSerializable(typeof(SmsSendResponseBody))]
internal sealed partial class SmsJsonContext : JsonSerializerContext;
