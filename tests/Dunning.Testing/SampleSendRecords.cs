using Dunning.Core.Sending;

namespace Dunning.Testing;

/// <summary>A ledger row for adapter tests: a scheduled T-3 reminder whose only varying parts are its keys and its time.</summary>
public static class SampleSendRecords
{
    public static SendRecord Scheduled(string lenderId, string jobId, DateTimeOffset createdAt, int installmentNo = 1) => new()
    {
        JobId = jobId,
        LenderId = lenderId,
        BorrowerId = "B1",
        BorrowerKey = "hash",
        Stage = "T-3",
        TemplateId = "t-3",
        Kind = MessageKind.Scheduled,
        LoanId = "L/1",
        InstallmentNo = installmentNo,
        Segments = 1,
        CreatedAt = createdAt,
    };
}
