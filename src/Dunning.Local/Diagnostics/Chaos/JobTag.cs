using System.Globalization;
using Dunning.Core;

namespace Dunning.Local.Diagnostics.Chaos;

/// <summary>
/// What an ACS tag (the job id) says about a message: "{lender}:{loan}:{installment}:{stage}" for scheduled
/// messages, "{lender}:reply:{inbound id}" for answers to a borrower's own message.
/// </summary>
public readonly record struct JobTag(string LenderId, string? LoanId, int? InstallmentNo, string? Stage, bool IsReply)
{
    public bool IsThankYou => Stage == Core.Stage.ThankYouName;

    public string? InstallmentKey => LoanId is null ? null : InstallmentKeyOf(LoanId, InstallmentNo ?? 0);

    public static string InstallmentKeyOf(string loanId, int installmentNo) =>
        string.Create(CultureInfo.InvariantCulture, $"{loanId}:{installmentNo}");

    public static JobTag Parse(string? tag)
    {
        var parts = (tag ?? "").Split(':');
        if (parts.Length >= 2 && parts[1] == "reply")
        {
            return new JobTag(parts[0], null, null, null, IsReply: true);
        }

        return parts.Length == 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? new JobTag(parts[0], parts[1], number, parts[3], IsReply: false)
            : new JobTag(parts[0], null, null, null, IsReply: false);
    }
}
