using System.Text;
using Dunning.Core.Schedules;

namespace Dunning.Diagnostics.Tests;

/// <summary>
/// Found by the fuzz verb: an overlong field made CsvHelper throw mid-field and then read the rest of that field
/// as more broken rows, so the good rows after it were reported as errors and lost.
/// </summary>
public sealed class CsvUploadOverlongFieldTests
{
    [Fact]
    public void ReadRow_OverlongFieldThenGoodRows_OnlyThatRowIsAnError()
    {
        var csv = "loan_id,borrower_name\r\n" +
                  "L1," + new string('x', 50_000) + "\r\n" +
                  "L2,Wang\r\n" +
                  "L3,Li\r\n";
        using var upload = new CsvUpload(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        upload.ReadHeader(["loan_id"]);

        var rows = new List<CsvRow>();
        while (upload.ReadRow() is { } row)
        {
            rows.Add(row);
        }

        Assert.Equal(3, rows.Count);
        Assert.Equal((2L, true), (rows[0].Line, rows[0].Error is not null));
        Assert.Equal(["L2", "L3"], rows.Skip(1).Select(r => r.Get("loan_id")));
    }
}
