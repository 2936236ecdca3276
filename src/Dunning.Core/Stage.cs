using System.Globalization;

namespace Dunning.Core;

public enum Tone
{
    /// <summary>Before and on the due date: the date, the amount, how to pay.</summary>
    Reminder,
    /// <summary>Shortly overdue: fees as configured, an offer of help.</summary>
    WarmNotice,
    /// <summary>Long overdue: objective consequences, a call to contact the lender, a plan offer. Never a threat.</summary>
    FormalNotice,
    /// <summary>Paid on or before the due date.</summary>
    ThankYou,
    /// <summary>An answer to something the borrower wrote (STOP, HELP, PLAN ...).</summary>
    Reply,
}

/// <summary>
/// A point in the cadence relative to the due date: "T-7", "T0", "T+3". Thank-you and replies are
/// stages too so that every message has a stage in the ledger and the report.
/// </summary>
public readonly record struct Stage
{
    public const string ThankYouName = "THANKS";
    public const string ReplyName = "REPLY";

    private Stage(string name, int offsetDays, Tone tone)
    {
        Name = name;
        OffsetDays = offsetDays;
        Tone = tone;
    }

    public string Name { get; }

    /// <summary>Days after the due date (negative before it).</summary>
    public int OffsetDays { get; }

    public Tone Tone { get; }

    public bool IsCollection => Tone is Tone.Reminder or Tone.WarmNotice or Tone.FormalNotice;

    public bool IsOverdue => IsCollection && OffsetDays > 0;

    public static Stage ThankYou { get; } = new(ThankYouName, 0, Tone.ThankYou);

    public static Stage Reply { get; } = new(ReplyName, 0, Tone.Reply);

    public static Stage AtOffset(int offsetDays) => new(
        offsetDays switch
        {
            0 => "T0",
            < 0 => string.Create(CultureInfo.InvariantCulture, $"T{offsetDays}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"T+{offsetDays}"),
        },
        offsetDays,
        offsetDays switch
        {
            <= 0 => Tone.Reminder,
            <= 3 => Tone.WarmNotice,
            _ => Tone.FormalNotice,
        });

    public static bool TryParse(string? text, out Stage stage)
    {
        stage = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().ToUpperInvariant();
        if (trimmed == ThankYouName)
        {
            stage = ThankYou;
            return true;
        }

        if (trimmed == ReplyName)
        {
            stage = Reply;
            return true;
        }

        if (trimmed == "T0")
        {
            stage = AtOffset(0);
            return true;
        }

        if (trimmed.Length > 2 && trimmed[0] == 'T' && (trimmed[1] == '+' || trimmed[1] == '-')
            && int.TryParse(trimmed.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset)
            && offset is >= -60 and <= 365)
        {
            stage = AtOffset(offset);
            return true;
        }

        return false;
    }

    public static Stage Parse(string text) =>
        TryParse(text, out var stage) ? stage : throw new FormatException($"'{text}' is not a stage (T-7, T0, T+3, THANKS).");

    /// <summary>The due date whose installments are at this stage on <paramref name="today"/>.</summary>
    public DateOnly DueDateOn(DateOnly today) => today.AddDays(-OffsetDays);

    public override string ToString() => Name;

    public static IReadOnlyList<Stage> DefaultCadence { get; } =
        [.. new[] { -7, -3, -1, 0, 1, 3, 7, 15, 30 }.Select(AtOffset)];
}
