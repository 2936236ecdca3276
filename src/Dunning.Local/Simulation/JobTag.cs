using Dunning.Core;

namespace Dunning.Local.Simulation;

/// <summary>
/// What a message's tag (its job id) says: "{lender}:{loan}:{installment}:{stage}" for scheduled messages,
/// "{lender}:reply:{inbound id}" for answers to a borrower.
/// </summary>
public sealed record JobTag(string LenderId, string? LoanId, int InstallmentNo, Stage Stage)
{
    public string AccountKey => LoanId + "#" + InstallmentNo.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool IsReply => Stage.Tone == Tone.Reply;

    public static JobTag? Parse(string? tag)
    {
        var parts = tag?.Split(':');
        if (parts is null || parts.Length < 3)
        {
            return null;
        }

        if (parts[1] == "reply")
        {
            return new JobTag(parts[0], null, 0, Stage.Reply);
        }

        return parts.Length == 4
            && int.TryParse(parts[2], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var installment)
            && Stage.TryParse(parts[3], out var stage)
            ? new JobTag(parts[0], parts[1], installment, stage)
            : null;
    }
}
