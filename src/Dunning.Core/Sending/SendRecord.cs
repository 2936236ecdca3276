namespace Dunning.Core.Sending;

public enum SendState
{
    Pending,
    Sending,
    Sent,
    Delivered,
    Failed,
    Suppressed,
}

/// <summary>A ledger row in the Sends table. Row key = job id: the exactly-once anchor.</summary>
public sealed record SendRecord
{
    public required string JobId { get; init; }
    public required string LenderId { get; init; }
    public required string BorrowerId { get; init; }
    public required string BorrowerKey { get; init; }
    public required string Stage { get; init; }
    public required string TemplateId { get; init; }
    public required MessageKind Kind { get; init; }
    public string? LoanId { get; init; }
    public int? InstallmentNo { get; init; }
    public int Segments { get; init; }

    public SendState State { get; init; } = SendState.Pending;

    /// <summary>Why the job was suppressed or failed, as a stable code (e.g. "opted-out", "acs-400").</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>First time an ACS call was attempted; sent as repeatabilityFirstSent on every retry.</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? SenderId { get; init; }
    public string? MessageId { get; init; }

    public string? DeliveryStatus { get; init; }
    public string? DeliveryStatusDetails { get; init; }
    public DateTimeOffset? DeliveryReportedAt { get; init; }

    public string? ETag { get; init; }

    public bool IsFinal => State is SendState.Delivered or SendState.Failed or SendState.Suppressed;

    /// <summary>The message reached ACS (or further); sending it again would be a duplicate.</summary>
    public bool WasSent => State is SendState.Sent or SendState.Delivered
        || (State == SendState.Failed && MessageId is not null);

    /// <summary>The first ledger row of an outbox message's job.</summary>
    public static SendRecord For(OutboxMessage message, SendState state, string? reason, DateTimeOffset createdAt) => new()
    {
        JobId = message.JobId,
        LenderId = message.LenderId,
        BorrowerId = message.BorrowerId,
        BorrowerKey = message.BorrowerKey,
        Stage = message.Stage,
        TemplateId = message.TemplateId,
        Kind = message.Kind,
        LoanId = message.LoanId,
        InstallmentNo = message.InstallmentNo,
        Segments = message.Segments,
        State = state,
        Reason = reason,
        CreatedAt = createdAt,
    };
}
