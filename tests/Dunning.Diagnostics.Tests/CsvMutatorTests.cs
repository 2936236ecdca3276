using System.Text;
using Dunning.Core.Schedules;
using Dunning.Local.Diagnostics.Fuzz;

namespace Dunning.Diagnostics.Tests;

public sealed class CsvMutatorTests
{
    private static readonly string[] Header = [.. ScheduleColumns.Required];

    private static List<string[]> Rows(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new[]
        {
            $"L{i}", "1", $"B{i}", "张伟", "+8613900000001", "Asia/Shanghai", "zh-CN", "100.00", "CNY", "2031-01-01", "true",
        }),
    ];

    [Fact]
    public void Mutate_SameSeed_SameBytes()
    {
        var first = CsvMutator.Mutate(CsvKind.Schedule, Header, Rows(8), new Random(5));
        var second = CsvMutator.Mutate(CsvKind.Schedule, Header, Rows(8), new Random(5));

        Assert.Equal(first.Content, second.Content);
        Assert.Equal(first.Mutations, second.Mutations);
    }

    [Fact]
    public void Mutate_ManySeeds_EveryFileHasABadLineAfterItsHeader()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var mutated = CsvMutator.Mutate(CsvKind.Schedule, Header, Rows(6), new Random(seed));

            Assert.NotEmpty(mutated.LinesWhere(LineExpectation.Bad));
            Assert.Equal(LineExpectation.Header, mutated.Lines[0].Expectation);
        }
    }

    [Fact]
    public void Mutate_ManySeeds_ProducesEveryKindOfMutation()
    {
        var seen = Enumerable.Range(0, 400)
            .SelectMany(seed => CsvMutator.Mutate(seed % 3 == 0 ? CsvKind.Payments : CsvKind.Schedule, Header, Rows(6), new Random(seed)).Mutations)
            .ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "invalid-phone", "negative-amount", "bad-date", "formula-cell", "huge-field", "10000-columns", "stray-quote", "gbk-bytes",
            "unknown-loan", "duplicate-row", "blank-line", "utf8-bom", "utf16-bom", "utf16-without-bom", "truncated", "unclosed-quote",
            "huge-ignored-value", "semicolon-separated", "tab-separated",
        }, seen);
    }

    [Fact]
    public void Mutate_WideRow_HasMoreThan10000Columns()
    {
        var wide = Enumerable.Range(0, 400)
            .Select(seed => CsvMutator.Mutate(CsvKind.Schedule, Header, Rows(3), new Random(seed)))
            .First(m => m.Mutations.Contains("10000-columns") && !m.Structural && !m.Mutations.Any(n => n.StartsWith("utf", StringComparison.Ordinal)));

        var widest = wide.Lines.Max(l => Encoding.UTF8.GetString(l.Bytes).Count(c => c == ','));

        Assert.True(widest >= 10_000, $"widest line has {widest} commas");
    }

    [Fact]
    public void Mutate_RepeatedPaymentRow_IsExpectedAsAReportedDuplicateNotABadRow()
    {
        var mutated = Enumerable.Range(0, 400)
            .Select(seed => CsvMutator.Mutate(CsvKind.Payments, Header, Rows(6), new Random(seed)))
            .First(m => m.Mutations.Contains("duplicate-row"));

        var duplicate = Assert.Single(mutated.LinesWhere(LineExpectation.Duplicate));
        Assert.Equal(mutated.Lines[duplicate - 2].Bytes, mutated.Lines[duplicate - 1].Bytes);
    }

    [Fact]
    public void Mutate_HugeValueInTheIgnoredColumn_LeavesTheLineGood()
    {
        var mutated = Enumerable.Range(0, 400)
            .Select(seed => CsvMutator.Mutate(CsvKind.Schedule, Header, Rows(6), new Random(seed)))
            .First(m => m.Mutations.Contains("huge-ignored-value") && !m.Structural);

        var hugeLines = mutated.Lines.Where(l => l.Bytes.Length > 3_000 && l.Expectation != LineExpectation.Bad).ToList();

        Assert.NotEmpty(hugeLines);
        Assert.All(hugeLines, l => Assert.Equal(LineExpectation.Good, l.Expectation));
        Assert.EndsWith("," + CsvMutator.IgnoredColumn, Encoding.UTF8.GetString(mutated.Lines[0].Bytes));
    }

    [Fact]
    public void Join_FieldWithCommaAndQuote_IsQuotedWithQuotesDoubled()
    {
        Assert.Equal("a,\"=HYPERLINK(\"\"x\"\",\"\"y\"\")\"", CsvMutator.Join(["a", "=HYPERLINK(\"x\",\"y\")"]));
    }

    [Theory]
    [InlineData("=1+2", true)]
    [InlineData("+cmd", true)]
    [InlineData("-2", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("'=1+2", false)]
    [InlineData("phone is not a valid mobile number", false)]
    public void IsUnsafe_FormulaLeadCharacters_AreUnsafe(string cell, bool expected)
    {
        Assert.Equal(expected, ErrorsCsv.IsUnsafe(cell));
    }

    [Fact]
    public void Parse_ErrorsCsv_ReadsLinesMissingReasonsAndUnsafeCells()
    {
        var parsed = ErrorsCsv.Parse("line,column,reason\r\n3,phone,phone is not valid\r\n5,*,\r\n7,=cmd,x\r\n");

        Assert.Equal(new HashSet<long> { 3, 5, 7 }, parsed.Lines);
        Assert.Equal(1, parsed.RowsWithoutReason);
        Assert.Equal(["=cmd"], parsed.UnsafeCells);
    }
}
