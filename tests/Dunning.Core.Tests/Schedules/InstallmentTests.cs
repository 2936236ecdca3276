using Dunning.Core.Installments;

namespace Dunning.Core.Tests.Schedules;

public sealed class InstallmentTests
{
    private static Installment Due(string zone, string paidAt) => new()
    {
        LenderId = "acme", LoanId = "L1", InstallmentNo = 1, BorrowerId = "B1", AmountDue = Money.Of(100m, "USD"),
        DueDate = new DateOnly(2026, 12, 1), TimeZone = zone, AmountPaid = 100m, PaidAt = DateTimeOffset.Parse(paidAt, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Theory]
    [InlineData("America/New_York", "2026-12-01T21:00:00-05:00", true)]   // 02:00 UTC on 2 Dec, still the due date in New York
    [InlineData("Asia/Shanghai", "2026-12-02T07:00:00+08:00", false)]     // 23:00 UTC on 1 Dec, already the next day in Shanghai
    [InlineData("Asia/Shanghai", "2026-12-01T23:59:00+08:00", true)]
    public void PaidOnTime_IsJudgedOnTheBorrowersLocalDate(string zone, string paidAt, bool onTime) =>
        Assert.Equal(onTime, Due(zone, paidAt).PaidOnTime);
}
