using System.Text;
using Dunning.Core.Schedules;

namespace Dunning.Core.Tests.Schedules;

public sealed class CsvUploadTests
{
    private static readonly string[] Known = ["loan_id", "borrower_name", "amount"];

    private static (string? FileError, List<CsvRow> Rows) Read(string csv, Encoding? encoding = null)
    {
        var bytes = (encoding ?? new UTF8Encoding(false)).GetPreamble().Concat((encoding ?? new UTF8Encoding(false)).GetBytes(csv)).ToArray();
        using var upload = new CsvUpload(new MemoryStream(bytes));
        var fileError = upload.ReadHeader(["loan_id"], ["borrower_name", "amount"]);
        var rows = new List<CsvRow>();
        while (fileError is null && upload.ReadRow() is { } row)
        {
            rows.Add(row);
        }

        return (fileError, rows);
    }

    [Fact]
    public void ReadRow_TenThousandCharactersInAnIgnoredColumn_RowIsRead()
    {
        var (_, rows) = Read("loan_id,notes,borrower_name\nL1," + new string('x', 10_000) + ",Wang\n");

        var row = Assert.Single(rows);
        Assert.Null(row.Error);
        Assert.Equal(("L1", "Wang"), (row.Get("loan_id"), row.Get("borrower_name")));
    }

    [Fact]
    public void ReadRow_OverlongValueInAKnownColumn_IsRejectedNamingTheColumn()
    {
        var (_, rows) = Read("loan_id,borrower_name\nL1," + new string('x', CsvUpload.MaxValueLength + 1) + "\nL2,Li\n");

        Assert.Equal((2L, "borrower_name"), (rows[0].Error!.Line, rows[0].Error!.Column));
        Assert.Contains("longer than 2048", rows[0].Error!.Reason);
        Assert.Equal("L2", rows[1].Get("loan_id"));
    }

    [Fact]
    public void ReadRow_LineLongerThanTheMemoryBound_IsRejectedAloneWithItsLineNumber()
    {
        var (_, rows) = Read("loan_id,notes\nL1," + new string('x', CsvUpload.MaxRowLength + 10) + "\nL2,ok\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal((2L, "*"), (rows[0].Error!.Line, rows[0].Error!.Column));
        Assert.Contains("line 2 is longer than", rows[0].Error!.Reason);
        Assert.Equal("L2", rows[1].Get("loan_id"));
    }

    [Fact]
    public void ReadRow_QuoteLeftOpenOnTheLastRow_IsReportedOnTheLineWhereTheValueStarts()
    {
        var (_, rows) = Read("loan_id,borrower_name,amount\nL1,Wang,1\nL2,\"Li,2\n\n");

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].Error);
        Assert.Equal((3L, "borrower_name"), (rows[1].Error!.Line, rows[1].Error!.Column));
        Assert.Contains("never closed", rows[1].Error!.Reason);
    }

    [Fact]
    public void ReadRow_QuoteLeftOpenMidFile_ReportsThatLineAndReadsTheRowsAfterIt()
    {
        var (_, rows) = Read("loan_id,borrower_name,amount\nL1,\"Wang,1\nL2,Li,2\nL3,\"Smith, Anna\",3\nL4,Zhao,4\n");

        Assert.Equal((2L, "borrower_name"), (rows[0].Error!.Line, rows[0].Error!.Column));
        Assert.Equal(["L2", "L3", "L4"], rows.Skip(1).Select(r => r.Get("loan_id")));
        Assert.Equal("Smith, Anna", rows[2].Get("borrower_name"));
    }

    [Theory]
    [InlineData("L1,Wang \"X\" Ming,1", "borrower_name")]
    [InlineData("L1,\"Wang\"X,1", "borrower_name")]
    [InlineData("L\"1,Wang,1", "loan_id")]
    public void ReadRow_StrayQuoteInAKnownColumn_NamesTheColumnAndLaterRowsLand(string badLine, string column)
    {
        var (_, rows) = Read("loan_id,borrower_name,amount\n" + badLine + "\nL2,Li,2\n");

        Assert.Equal((2L, column), (rows[0].Error!.Line, rows[0].Error!.Column));
        Assert.Contains("badly quoted", rows[0].Error!.Reason);
        Assert.Equal("L2", rows[1].Get("loan_id"));
    }

    [Fact]
    public void ReadRow_StrayQuoteInAnIgnoredColumn_RowIsRead()
    {
        var (_, rows) = Read("loan_id,notes\nL1,said \"call later\"\n");

        Assert.Equal("L1", Assert.Single(rows).Get("loan_id"));
    }

    [Fact]
    public void ReadRow_MultiLineValueInAnIgnoredColumn_IsOneRowAndLineNumbersFollowTheFile()
    {
        var (_, rows) = Read("loan_id,notes\nL1,\"first\nsecond\"\nL2,x\nL\"3,y\n");

        Assert.Equal(["L1", "L2"], rows.Take(2).Select(r => r.Get("loan_id")));
        Assert.Equal(5L, rows[2].Line);
    }

    [Fact]
    public void ReadRow_MultiLineValueInAnIgnoredColumnBeforeKnownOnes_KnownValuesAreRead()
    {
        var (_, rows) = Read("loan_id,notes,borrower_name\r\nL1,\"first\r\nsecond\",Wang\r\nL2,x,Li\r\n");

        Assert.Equal([("L1", "Wang"), ("L2", "Li")], rows.Select(r => (r.Get("loan_id")!, r.Get("borrower_name")!)));
    }

    [Fact]
    public void ReadRow_Utf8BomCrlfTrailingEmptyLinesAndExcelQuotedNumbers_AreRead()
    {
        var csv = "Loan_ID , Borrower_Name ,AMOUNT\r\n\"L1\",\"Wang, Xiao\",\"1200.50\"\r\nL2,Li,  \"3\" \r\n\r\n,,\r\n\r\n";

        var (fileError, rows) = Read(csv, new UTF8Encoding(true));

        Assert.Null(fileError);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("L1", "Wang, Xiao", "1200.50"), (rows[0].Get("loan_id"), rows[0].Get("borrower_name"), rows[0].Get("amount")));
        Assert.Equal((3L, "3"), (rows[1].Line, rows[1].Get("amount")));
    }

    [Fact]
    public void ReadRow_LoneCarriageReturnLineEnds_AreLineBreaks()
    {
        var (_, rows) = Read("loan_id,amount\rL1,1\rL2,2\r");

        Assert.Equal([(2L, "L1"), (3L, "L2")], rows.Select(r => (r.Line, r.Get("loan_id"))));
    }

    [Theory]
    [InlineData(";", "semicolons")]
    [InlineData("\t", "tabs")]
    public void ReadHeader_OtherDelimiter_OneReasonNamingIt(string delimiter, string name)
    {
        var (fileError, _) = Read(string.Join(delimiter, Known) + "\nL1" + delimiter + "Wang" + delimiter + "1\n");

        Assert.Equal($"the file is separated by {name}; Dunning reads comma-separated files (save it as CSV UTF-8, comma delimited)", fileError);
    }

    [Fact]
    public void ReadHeader_CommaFileWithASemicolonInAName_ListsTheMissingColumn()
    {
        var (fileError, _) = Read("borrower_name;x,amount\nWang,1\n");

        Assert.Equal("missing required column(s): loan_id", fileError);
    }

    [Fact]
    public void ReadHeader_EmptyFile_SaysAHeaderIsExpected()
    {
        var (fileError, _) = Read("\r\n\r\n");

        Assert.Contains("empty", fileError);
    }
}
