namespace Dunning.Core.Installments;

/// <summary>A lender's installments by loan id: what the console's search by loan reads.</summary>
public interface ILoanIndex
{
    /// <summary>The keys of one loan's installments, in installment order; none for an unknown loan.</summary>
    IAsyncEnumerable<InstallmentKey> ListAsync(string lenderId, string loanId, CancellationToken cancellationToken = default);
}
