namespace Dunning.Core.Lenders;

public interface ILenderDirectory
{
    /// <summary>The lender's settings, or null when the lender is unknown.</summary>
    Task<LenderSettings?> FindAsync(string lenderId, CancellationToken cancellationToken = default);

    Task SaveAsync(LenderSettings settings, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListLenderIdsAsync(CancellationToken cancellationToken = default);
}
