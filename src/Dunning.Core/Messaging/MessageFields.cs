using Dunning.Core.Lenders;

namespace Dunning.Core.Messaging;

/// <summary>
/// The fields a template may use, by their Liquid names. Values are already formatted for the language, so a
/// template never formats money or dates itself and the lint can look for exactly what the borrower will read.
/// </summary>
public static class MessageFields
{
    public const string Brand = "brand";
    public const string Hotline = "hotline";
    public const string PayMethod = "pay_method";
    public const string PayLink = "pay_link";

    /// <summary>The polite salutation: "尊敬的张三客户" / "Dear Ann".</summary>
    public const string BorrowerName = "borrower_name";

    /// <summary>The bare name as the salutation uses it (full name in Chinese, first name in English).</summary>
    public const string Name = "name";
    public const string AmountDue = "amount_due";
    public const string DueDate = "due_date";
    public const string DaysOverdue = "days_overdue";
    public const string PenaltyInfo = "penalty_info";
    public const string PlanLink = "plan_link";

    /// <summary>True when this borrower should be offered a repayment plan in this message.</summary>
    public const string PlanOffer = "plan_offer";
    public const string OptOut = "opt_out";
    public const string Stage = "stage";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Brand, Hotline, PayMethod, PayLink, BorrowerName, Name, AmountDue, DueDate, DaysOverdue, PenaltyInfo,
        PlanLink, PlanOffer, OptOut, Stage,
    };

    /// <summary>Fields about a borrower's debt: a reply template must not use them (it may reach a stranger).</summary>
    public static readonly IReadOnlySet<string> DebtFields = new HashSet<string>(StringComparer.Ordinal)
    {
        BorrowerName, Name, AmountDue, DueDate, DaysOverdue, PenaltyInfo,
    };

    /// <summary>Lender-level fields only: what replies and sample renders know without a borrower.</summary>
    public static Dictionary<string, object?> ForLender(LenderSettings settings, string language) => new(StringComparer.Ordinal)
    {
        [Brand] = settings.BrandFor(language),
        [Hotline] = settings.Hotline,
        [PayMethod] = settings.PayMethods.GetValueOrDefault(language) ?? settings.PayMethods.Values.FirstOrDefault(),
        [PayLink] = settings.PayLink,
        [PlanLink] = settings.PlanLink,
        [PenaltyInfo] = settings.PenaltyInfo.GetValueOrDefault(language),
        [OptOut] = MessageFormat.OptOutLine(language),
    };

    /// <summary>Every field, for one borrower and one installment.</summary>
    public static Dictionary<string, object?> For(
        LenderSettings settings,
        string language,
        string borrowerName,
        Money amountDue,
        DateOnly dueDate,
        Stage stage,
        bool planOffer,
        string? installmentPayLink = null)
    {
        var fields = ForLender(settings, language);
        fields[BorrowerName] = MessageFormat.Salutation(borrowerName, language);
        fields[Name] = MessageFormat.AddressedName(borrowerName, language);
        fields[AmountDue] = MessageFormat.Amount(amountDue, language);
        fields[DueDate] = MessageFormat.Date(dueDate, language);
        fields[DaysOverdue] = Math.Max(0, stage.OffsetDays);
        fields[PlanOffer] = planOffer;
        fields[Stage] = stage.Name;
        if (!string.IsNullOrWhiteSpace(installmentPayLink))
        {
            fields[PayLink] = installmentPayLink;
        }

        return fields;
    }

    /// <summary>The values the lint compares the text with: what the borrower must be able to read.</summary>
    public static Dictionary<string, string?> ForLint(IReadOnlyDictionary<string, object?> fields) =>
        new(fields.Select(pair => KeyValuePair.Create(pair.Key, pair.Key == BorrowerName ? fields.GetValueOrDefault(Name)?.ToString() : pair.Value?.ToString())), StringComparer.Ordinal);
}
