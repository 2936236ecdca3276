using Azure.Data.Tables;
using Dunning.Core.Sending;

namespace Dunning.Storage.Sending;

/// <summary>Maps a <see cref="SendRecord"/> to and from its Sends table row.</summary>
internal static class SendRecordEntity
{
    public static TableEntity ToEntity(SendRecord record)
    {
        var entity = new TableEntity(record.LenderId, TableKeys.Escape(record.JobId))
        {
            ["JobId"] = record.JobId,
            ["BorrowerId"] = record.BorrowerId,
            ["BorrowerKey"] = record.BorrowerKey,
            ["Stage"] = record.Stage,
            ["TemplateId"] = record.TemplateId,
            ["Kind"] = record.Kind.ToString(),
            ["LoanId"] = record.LoanId,
            ["InstallmentNo"] = record.InstallmentNo,
            ["Segments"] = record.Segments,
            ["State"] = record.State.ToString(),
            ["Reason"] = record.Reason,
            ["CreatedAt"] = record.CreatedAt,
            ["FirstAttemptAt"] = record.FirstAttemptAt,
            ["LastAttemptAt"] = record.LastAttemptAt,
            ["Attempts"] = record.Attempts,
            ["SentAt"] = record.SentAt,
            ["SenderId"] = record.SenderId,
            ["MessageId"] = record.MessageId,
            ["DeliveryStatus"] = record.DeliveryStatus,
            ["DeliveryStatusDetails"] = record.DeliveryStatusDetails,
            ["DeliveryReportedAt"] = record.DeliveryReportedAt,
        };

        // Null properties are simply absent from a row; drop them so Replace clears old values.
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    public static SendRecord FromEntity(TableEntity entity) => new()
    {
        JobId = entity.GetString("JobId") ?? TableKeys.Unescape(entity.RowKey),
        LenderId = entity.PartitionKey,
        BorrowerId = entity.GetString("BorrowerId") ?? string.Empty,
        BorrowerKey = entity.GetString("BorrowerKey") ?? string.Empty,
        Stage = entity.GetString("Stage") ?? string.Empty,
        TemplateId = entity.GetString("TemplateId") ?? string.Empty,
        Kind = Enum.TryParse<MessageKind>(entity.GetString("Kind"), out var kind) ? kind : MessageKind.Scheduled,
        LoanId = entity.GetString("LoanId"),
        InstallmentNo = entity.GetInt32("InstallmentNo"),
        Segments = entity.GetInt32("Segments") ?? 0,
        State = Enum.TryParse<SendState>(entity.GetString("State"), out var state) ? state : SendState.Pending,
        Reason = entity.GetString("Reason"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        FirstAttemptAt = entity.GetDateTimeOffset("FirstAttemptAt"),
        LastAttemptAt = entity.GetDateTimeOffset("LastAttemptAt"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        SentAt = entity.GetDateTimeOffset("SentAt"),
        SenderId = entity.GetString("SenderId"),
        MessageId = entity.GetString("MessageId"),
        DeliveryStatus = entity.GetString("DeliveryStatus"),
        DeliveryStatusDetails = entity.GetString("DeliveryStatusDetails"),
        DeliveryReportedAt = entity.GetDateTimeOffset("DeliveryReportedAt"),
        ETag = entity.ETag.ToString(),
    };
}
