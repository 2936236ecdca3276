namespace Dunning.Core.Lenders;

/// <summary>One reason a settings document was refused: the field as written in the document, and why.</summary>
/// <param name="Line">The document line the field is on, when known (0 otherwise).</param>
public sealed record SettingsProblem(string Field, string Reason, long Line = 0)
{
    public override string ToString() => $"{Field}: {Reason}";
}
