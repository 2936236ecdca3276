using Dunning.Core.Lenders;

namespace Dunning.Core.Eligibility;

/// <summary>
/// A lender's configured cadence for one installment: when each stage's day is, and when a stage has gone stale
/// because the next configured stage's day has arrived. Days are the borrower's local days.
/// </summary>
public sealed class StageSchedule
{
    /// <summary>How long the last stage of the cadence, or a reply, stays worth sending.</summary>
    public static readonly int LastStageValidDays = 7;

    private readonly IReadOnlyList<Stage> stages;

    /// <param name="thankYouValidDays">The lender's <see cref="LenderSettings.ThankYouValidDays"/>.</param>
    public StageSchedule(IEnumerable<string> stageNames, int thankYouValidDays = LenderSettings.DefaultThankYouValidDays)
    {
        ThankYouValidDays = thankYouValidDays;
        stages = [.. stageNames
            .Select(name => Stage.TryParse(name, out var stage) ? stage : (Stage?)null)
            .OfType<Stage>()
            .Where(stage => stage.IsCollection)
            .DistinctBy(stage => stage.OffsetDays)
            .OrderBy(stage => stage.OffsetDays)];
    }

    public static StageSchedule For(LenderSettings settings) => new(settings.Stages, settings.ThankYouValidDays);

    /// <summary>How many borrower-local days from the payment a thank-you stays worth sending.</summary>
    public int ThankYouValidDays { get; }

    public IReadOnlyList<Stage> Stages => stages;

    public bool Contains(Stage stage) => !stage.IsCollection || stages.Any(s => s.OffsetDays == stage.OffsetDays);

    public Stage? Earliest => stages.Count == 0 ? null : stages[0];

    public Stage? NextAfter(Stage stage)
    {
        var next = stages.FirstOrDefault(s => s.OffsetDays > stage.OffsetDays);
        return next.Name is null ? null : next;
    }

    public static DateOnly DateOf(Stage stage, DateOnly dueDate) => dueDate.AddDays(stage.OffsetDays);

    /// <summary>
    /// The borrower-local day from which the stage's message is stale. A thank-you counts from the day it was paid
    /// (<paramref name="paidOn"/>); anything else without a day of its own counts from today.
    /// </summary>
    public DateOnly StaleFrom(Stage stage, DateOnly dueDate, DateOnly today, DateOnly? paidOn = null) => stage switch
    {
        { IsCollection: true } => NextAfter(stage) is { } next ? DateOf(next, dueDate) : DateOf(stage, dueDate).AddDays(LastStageValidDays),
        { Tone: Tone.ThankYou } => (paidOn ?? today).AddDays(ThankYouValidDays),
        _ => today.AddDays(LastStageValidDays),
    };

    public bool IsSuperseded(Stage stage, DateOnly dueDate, DateOnly today, DateOnly? paidOn = null) =>
        (stage.IsCollection || stage.Tone == Tone.ThankYou) && today >= StaleFrom(stage, dueDate, today, paidOn);

    public bool IsBeforeItsDay(Stage stage, DateOnly dueDate, DateOnly today) =>
        stage.IsCollection && today < DateOf(stage, dueDate);

    /// <summary>The end of the send window on the last day the stage is still current.</summary>
    public DateTimeOffset LatestSendAt(Stage stage, DateOnly dueDate, DateOnly today, SendWindow window, DateOnly? paidOn = null) =>
        window.WindowEnd(StaleFrom(stage, dueDate, today, paidOn).AddDays(-1));
}
