using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Installments;

namespace Dunning.Storage.Installments;

/// <summary>
/// A loan's installments from the InstallmentIndex table (PK = lender, RK = <c>loan|0001</c>): one row-key range
/// read within the lender's partition, never a scan of the book.
/// </summary>
public sealed class TableLoanIndex(DunningStorage storage) : ILoanIndex
{
    private readonly TableClient index = storage.Table(PipelineNames.InstallmentIndexTable);

    public async IAsyncEnumerable<InstallmentKey> ListAsync(string lenderId, string loanId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // '}' follows '|' in ordinal order, so [loan|, loan}) holds this loan's rows, and those of loans that go on
        // after a '|' (which row keys do not escape): the separator must sit right after the loan id.
        var loan = TableKeys.Escape(loanId);
        var filter = $"PartitionKey eq {TableKeys.Literal(lenderId)} and RowKey ge {TableKeys.Literal(loan + "|")} and RowKey lt {TableKeys.Literal(loan + "}")}";
        await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var separator = row.RowKey.LastIndexOf('|');
            if (separator == loan.Length && int.TryParse(row.RowKey.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                yield return new InstallmentKey(lenderId, loanId, number);
            }
        }
    }
}
