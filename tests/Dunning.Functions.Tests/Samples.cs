using Dunning.Core.Jobs;
using Dunning.Core.Sending;

namespace Dunning.Functions.Tests;

internal static class Samples
{
    public static ReminderJob Job(string loanId, string stage) => new()
    {
        LenderId = "lender-a",
        LoanId = loanId,
        InstallmentNo = 3,
        Stage = stage,
        DueDate = new DateOnly(2026, 3, 10),
        CreatedAt = new DateTimeOffset(2026, 3, 3, 1, 5, 0, TimeSpan.Zero),
        Deferrals = 1,
    };

    public static OutboxMessage Outbox(string jobId) => new()
    {
        JobId = jobId,
        LenderId = "lender-a",
        BorrowerId = "b-1",
        BorrowerKey = "hmac-of-number",
        To = "+8613800138000",
        Text = "【示例】您的还款将于3月10日到期。回复TD退订",
        Encoding = TextEncoding.Ucs2,
        Segments = 1,
        Stage = "T-7",
        TemplateId = "reminder",
        TemplateVersion = "3",
        Kind = MessageKind.Scheduled,
        LoanId = "loan-1",
        InstallmentNo = 3,
        EarliestSendAt = new DateTimeOffset(2026, 3, 3, 1, 0, 0, TimeSpan.Zero),
        LatestSendAt = new DateTimeOffset(2026, 3, 6, 1, 0, 0, TimeSpan.Zero),
    };
}
