namespace Dunning.Local.Diagnostics.Fuzz;

public enum CsvKind
{
    Schedule,
    Payments,
}
