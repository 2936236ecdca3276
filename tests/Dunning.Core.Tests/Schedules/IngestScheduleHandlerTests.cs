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

    private static string Row(int n, string phone = "+8613800138000", string amount = "1200.50", string date = "2026-12-01", string name = "张伟", string zone = "Asia/Shanghai") =>
        $"L{n},1,B{n},{name},{phone},{zone},zh-CN,{amount},CNY,{date},true,low,https://pay.example/l{n}";

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

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x20, 0x0D, 0x0A, 0x09, 0x0A, 0x20 })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x2C, 0x2C, 0x0D, 0x0A })]
    public async Task HandleAsync_EmptyFile_FileReasonNamesEveryRequiredColumn(byte[] content)
    {
        var summary = await handler.HandleAsync(LenderId, "empty.csv", new MemoryStream(content));

        Assert.NotNull(summary.FileError);
        Assert.Contains("empty", summary.FileError);
        Assert.All(ScheduleColumns.Required, column => Assert.Contains(column, summary.FileError));
        Assert.Equal(summary.FileError, results.Last.FileError);
        Assert.Equal(0, summary.RowsRead);
        Assert.Empty(installments.All);
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
    public async Task HandleAsync_BadlyQuotedRow_IsReportedWithItsColumnAndLaterRowsStillLand()
    {
        var csv = Header + "\n" + Row(1) + "\n" + "L2,1,B2,\"unterminated,+8613800138000\n" + Row(3) + "\n" + Row(4, name: "\"Smith, Anna\"") + "\n";

        var summary = await IngestAsync(csv);

        Assert.Equal((3, 1), (summary.Stored, summary.Rejected));
        Assert.Equal((3L, "borrower_name"), (results.Last.Errors.Single().Line, results.Last.Errors.Single().Column));
        Assert.Equal(["L1", "L3", "L4"], installments.All.Select(i => i.LoanId).Order());
    }

    [Fact]
    public async Task HandleAsync_EmptyTimeZone_RejectsTheRowAsRequired()
    {
        var summary = await IngestAsync(Header + "\n" + Row(1, zone: "") + "\n" + Row(2));

        Assert.Equal((1, 1), (summary.Stored, summary.Rejected));
        var error = Assert.Single(results.Last.Errors);
        Assert.Equal((2L, "time_zone"), (error.Line, error.Column));
        Assert.Contains("required", error.Reason);
        Assert.DoesNotContain(installments.All, i => i.LoanId == "L1");
    }

    [Theory]
    [InlineData("asia/shanghai", "Asia/Shanghai")]
    [InlineData("AMERICA/NEW_YORK", "America/New_York")]
    [InlineData("America/New_York", "America/New_York")]
    public async Task HandleAsync_ZoneIdInAnyCase_StoresTheCanonicalIanaId(string written, string stored)
    {
        await IngestAsync(Header + "\n" + Row(1, zone: written));

        Assert.Equal(stored, Assert.Single(installments.All).TimeZone);
        Assert.Equal(stored, Assert.Single(borrowers.All).TimeZone);
    }

    [Fact]
    public async Task HandleAsync_WindowsZoneName_IsRejectedAsNotIana()
    {
        await IngestAsync(Header + "\n" + Row(1, zone: "China Standard Time"));

        var error = Assert.Single(results.Last.Errors);
        Assert.Equal("time_zone", error.Column);
        Assert.Contains("not an IANA id", error.Reason);
    }

    [Theory]
    [InlineData(";", "semicolons")]
    [InlineData("\t", "tabs")]
    public async Task HandleAsync_FileSeparatedByAnotherDelimiter_RejectedWithOneReasonNamingIt(string delimiter, string name)
    {
        var summary = await IngestAsync(Header.Replace(",", delimiter) + "\n" + Row(1).Replace(",", delimiter));

        Assert.Equal($"the file is separated by {name}; Dunning reads comma-separated files (save it as CSV UTF-8, comma delimited)", summary.FileError);
        Assert.DoesNotContain("missing", summary.FileError);
        Assert.Empty(installments.All);
    }

    [Fact]
    public async Task HandleAsync_HugeValueInAnIgnoredColumn_StoresTheRow()
    {
        var summary = await IngestAsync(Header + ",notes\n" + Row(1) + "," + new string('x', 10_000) + "\n" + Row(2) + ",short");

        Assert.Equal((2, 0), (summary.Stored, summary.Rejected));
    }

    [Fact]
    public async Task HandleAsync_UnterminatedQuoteOnTheLastRow_ReportedOnItsOwnLineWithItsColumn()
    {
        var lines = new[] { Header, Row(1), Row(2), "L3,1,B3,\"张伟,+8613800138000,Asia/Shanghai,zh-CN,1.00,CNY,2026-12-01,true,,", "" };

        var summary = await IngestAsync(string.Join("\r\n", lines));

        Assert.Equal((2, 1), (summary.Stored, summary.Rejected));
        var error = Assert.Single(results.Last.Errors);
        Assert.Equal((4L, "borrower_name"), (error.Line, error.Column));
    }
}
