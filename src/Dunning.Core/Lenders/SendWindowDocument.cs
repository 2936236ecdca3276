namespace Dunning.Core.Lenders;

/// <summary>The local hours messages may go out, as "HH:mm" (from inclusive, until exclusive).</summary>
public sealed record SendWindowDocument
{
    public string? From { get; init; }

    public string? Until { get; init; }
}
