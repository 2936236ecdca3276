using System.Text;
using Dunning.Core.Lenders;
using Dunning.Core.Privacy;
using Dunning.Core.Schedules;
using Dunning.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dunning.Core.Tests.Schedules;

public sealed class IngestScheduleHandlerTests
{
    private const string Header = "loan_id,installment_no,borrower_id,borrower_name,phone,time_zone,language,amount_due,currency,due_date,consent,segment,pay_link";
    private const string LenderId = "acme";

    private readonly InMemoryInstallmentStore installments = new();
    private readonly InMemoryBorrowerDirectory borrowers = new();
    private readonly RecordingResultStore results = new();
    private readonly IngestScheduleHandler handler;

    public IngestScheduleHandlerTests()
    {
        var lenders = new InMemoryLenderDirectory(LenderSettings.DefaultFor(LenderId) with { DefaultRegion = "CN" });
        handler = new IngestScheduleHandler(lenders, installments, borrowers, results,
            new HmacPhoneHasher("test-secret-0123456789"), NullLogger<IngestScheduleHandler>.Instance);
    }

    private static string Row(int n, string phone = "+8613800138000", string amount = "1200.50", string date = "2026-12-01", string name = "张伟") =>
        $"L{n},1,B{n},{name},{phone},Asia/Shanghai,zh-CN,{amount},CNY,{date},true,low,https://pay.example/l{n}";

    private Task<IngestSummary> IngestAsync(string csv, Encoding? encoding = null, string file = "book.csv") =>
        handler.HandleAsync(LenderId, file, new MemoryStream((encoding ?? new UTF8Encoding(false)).GetPreamble().Concat((encoding ?? new UTF8Encoding(false)).GetBytes(csv)).ToArray()));

    [Fact]
    public async Task HandleAsync_TenRowFileWithRowsThreeAndSevenBad_StoresTheEightGoodRowsAndReportsTheTwo()
    {
        var lines = Enumerable.Range(1, 10).Select(n => n switch
        {
            3 => Row(n, phone: "12345"),
            7 => Row(n, amount: "-5"),
            _ => Row(n),
        });

        var summary = await IngestAsync(Header + "\n" + string.Join("\n", lines));

        Assert.Equal(10, summary.RowsRead);
        Assert.Equal(8, summary.Stored);
        Assert.Equal(2, summary.Rejected);
        Assert.Equal(8, installments.All.Count);
        Assert.Collection(results.Last.Errors,
            e => Assert.Equal((4L, "phone"), (e.Line, e.Column)),
            e => Assert.Equal((8L, "amount_due"), (e.Line, e.Column)));
    }

    [Fact]
    public async Task HandleAsync_InvalidPhone_ReasonNeverContainsTheNumber()
    {
        await IngestAsync(Header + "\n" + Row(1, phone: "+86139999"));

        var error = Assert.Single(results.Last.Errors);
        Assert.DoesNotContain("139999", error.Reason);
        Assert.Contains("phone", error.Reason);
    }

    [Fact]
    public async Task HandleAsync_Utf8BomCrlfQuotedCommasAndChineseNames_AreReadCorrectly()
    {
        var csv = Header + "\r\n" + "\"L,1\",1,B1,\"王, 小明\",+8613800138000,Asia/Shanghai,zh-CN,88.00,CNY,2026-12-01,true,,\r\n";

        var summary = await IngestAsync(csv, new UTF8Encoding(true));

        Assert.Equal(1, summary.Stored);
        Assert.Equal("L,1", Assert.Single(installments.All).LoanId);
        Assert.Equal("王, 小明", Assert.Single(borrowers.All).Name);
    }

    [Fact]
    public async Task HandleAsync_PhoneWithoutPlus_IsReadInTheLendersRegion()
    {
        await IngestAsync(Header + "\n" + Row(1, phone: "13800138000"));

        Assert.Equal("+8613800138000", Assert.Single(borrowers.All).PhoneE164);
    }

    [Fact]
    public async Task HandleAsync_LandlineNumber_IsRejectedAsNotMobile()
    {
        await IngestAsync(Header + "\n" + Row(1, phone: "+861012345678"));

        Assert.Contains("mobile", Assert.Single(results.Last.Errors).Reason);
    }

    [Fact]
    public async Task HandleAsync_MissingRequiredColumn_RejectsTheFileWithOneReason()
    {
        var summary = await IngestAsync("loan_id,installment_no\nL1,1");

        Assert.NotNull(summary.FileError);
        Assert.Contains("borrower_id", summary.FileError);
        Assert.Empty(installments.All);
    }

    [Fact]
    public async Task HandleAsync_UnknownExtraColumns_AreIgnored()
    {
        var summary = await IngestAsync(Header + ",notes\n" + Row(1) + ",call after 6pm");

        Assert.Equal(1, summary.Stored);
        Assert.Null(summary.FileError);
    }

    [Fact]
    public async Task HandleAsync_DuplicateRowInOneFile_KeepsTheFirstAndReportsTheSecond()
    {
        var summary = await IngestAsync(Header + "\n" + Row(1) + "\n" + Row(1, amount: "99.00"));

        Assert.Equal(1, summary.Stored);
        Assert.Equal(1200.50m, Assert.Single(installments.All).AmountDue.Amount);
        Assert.Contains("duplicate of line 2", Assert.Single(results.Last.Errors).Reason);
    }

    [Fact]
    public async Task HandleAsync_SameFileTwice_SecondTimeEverythingUnchanged()
    {
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(1, 5).Select(n => Row(n)));

        await IngestAsync(csv);
        var again = await IngestAsync(csv);

        Assert.Equal((0, 5), (again.Stored, again.Unchanged));
        Assert.Equal(5, installments.All.Count);
    }

    [Fact]
    public async Task HandleAsync_UnknownLender_RejectsTheFileAndStoresNothing()
    {
        var summary = await handler.HandleAsync("nobody", "book.csv", new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n" + Row(1))));

        Assert.Contains("unknown lender", summary.FileError);
        Assert.Empty(installments.All);
    }

    [Theory]
    [InlineData("time_zone", "Mars/Olympus")]
    [InlineData("language", "fr")]
    [InlineData("amount_due", "12.345")]
    [InlineData("currency", "XYZ")]
    [InlineData("due_date", "01/12/2026")]
    [InlineData("consent", "maybe")]
    [InlineData("borrower_name", "=HYPERLINK(\"http://x\")")]
    [InlineData("segment", "extreme")]
    public async Task HandleAsync_BadValue_IsReportedAgainstItsColumn(string column, string value)
    {
        var columns = Header.Split(',');
        var values = Row(1).Split(',');
        values[Array.IndexOf(columns, column)] = "\"" + value.Replace("\"", "\"\"") + "\"";
        var summary = await IngestAsync(Header + "\n" + string.Join(",", values));

        Assert.Equal(1, summary.Rejected);
        Assert.Equal(column, Assert.Single(results.Last.Errors).Column);
    }

    [Fact]
    public async Task HandleAsync_ConsentFalse_IsStoredButMarkedWithoutConsent()
    {
        await IngestAsync(Header + "\n" + Row(1).Replace(",true,", ",false,"));

        Assert.False(Assert.Single(installments.All).Consent);
    }

    [Fact]
    public async Task HandleAsync_BadlyQuotedRow_IsReportedAndLaterRowsStillLand()
    {
        var csv = Header + "\n" + Row(1) + "\n" + "L2,1,B2,\"unterminated,+8613800138000\n" + Row(3) + "\n";

        var summary = await IngestAsync(csv);

        Assert.True(summary.Stored >= 1);
        Assert.True(summary.Rejected >= 1);
        Assert.Contains(installments.All, i => i.LoanId == "L1");
    }
}
