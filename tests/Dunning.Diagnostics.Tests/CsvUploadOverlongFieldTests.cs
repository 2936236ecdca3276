using System.Text;
using Dunning.Core.Schedules;

namespace Dunning.Diagnostics.Tests;

/// <summary>
/// Found by the fuzz verb: an overlong field made the old reader throw mid-field and then read the rest of that field
/// as more broken rows, so the good rows after it were reported as errors and lost. Unknown columns are ignored as
/// documented, so only an overlong value in a known column costs its row.
/// </summary>
public sealed class CsvUploadOverlongFieldTests
{
    private static List<CsvRow> ReadAll(string csv)
    {
        using var upload = new CsvUpload(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.Null(upload.ReadHeader(["loan_id"], ["borrower_name"]));
        var rows = new List<CsvRow>();
        while (upload.ReadRow() is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public void ReadRow_OverlongKnownFieldThenGoodRows_OnlyThatRowIsAnError()
    {
        var rows = ReadAll("loan_id,borrower_name\r\n" +
                           "L1," + new string('x', 50_000) + "\r\n" +
                           "L2,Wang\r\n" +
                           "L3,Li\r\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal((2L, "borrower_name"), (rows[0].Error!.Line, rows[0].Error!.Column));
        Assert.Equal(["L2", "L3"], rows.Skip(1).Select(r => r.Get("loan_id")));
    }

    [Fact]
    public void ReadRow_OverlongFieldInAnIgnoredColumn_RowIsReadLikeTheOthers()
    {
        var rows = ReadAll("loan_id,notes\r\n" +
                           "L1," + new string('x', 50_000) + "\r\n" +
                           "L2,short\r\n");

        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(["L1", "L2"], rows.Select(r => r.Get("loan_id")));
    }
}
