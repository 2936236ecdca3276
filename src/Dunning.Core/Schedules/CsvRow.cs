namespace Dunning.Core.Schedules;

/// <summary>One data row: its values by lower-case column name (known columns only), or the error that made it unreadable.</summary>
public sealed record CsvRow(long Line, IReadOnlyDictionary<string, string>? Values, CsvRowError? Error)
{
    public string? Get(string column) =>
        Values is not null && Values.TryGetValue(column, out var value) && value.Length > 0 ? value : null;
}
