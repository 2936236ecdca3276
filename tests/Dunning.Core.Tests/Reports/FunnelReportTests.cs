using Dunning.Core.Eligibility;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Messaging;
using Dunning.Core.Reports;
using Dunning.Core.Sending;

namespace Dunning.Core.Tests.Reports;

public sealed class FunnelReportTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(10);

    private static SendRecord Row(string job, string stage, SendState state, string? reason = null, string lender = "acme", string template = "t", int installment = 1, MessageKind kind = MessageKind.Scheduled, int day = 1) => new()
    {
        JobId = job, LenderId = lender, BorrowerId = "b", BorrowerKey = "h", Stage = stage, TemplateId = template, Kind = kind,
        LoanId = kind == MessageKind.Scheduled ? "L1" : null, InstallmentNo = kind == MessageKind.Scheduled ? installment : null,
        State = state, Reason = reason, CreatedAt = From.AddDays(day),
        SentAt = state is SendState.Sent or SendState.Delivered ? From.AddDays(day) : null,
        MessageId = state is SendState.Sent or SendState.Delivered or SendState.Failed ? "m-" + job : null,
    };

    [Fact]
    public void Build_CountsTheFunnelPerStageAndTemplate()
    {
        SendRecord[] rows =
        [
            Row("1", "T-3", SendState.Delivered, installment: 1),
            Row("2", "T-3", SendState.Failed, installment: 2),
            Row("3", "T-3", SendState.Suppressed, SuppressionReasons.OptedOut, installment: 3),
            Row("4", "T-3", SendState.Suppressed, SuppressionReasons.QuietHours, installment: 4),
            Row("5", "T-3", SendState.Suppressed, SuppressionReasons.OptedOut, installment: 5),
            Row("6", "T+7", SendState.Sent, installment: 6),
            Row("7", "T+7", SendState.Pending, installment: 7),
        ];

        var report = FunnelReport.Build("acme", From, To, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), []);

        var t3 = report.Rows.Single(r => r.Stage == "T-3");
        Assert.Equal((5, 3, 2, 1, 1), (t3.Jobs, t3.Suppressed, t3.Sent, t3.Delivered, t3.Failed));
        Assert.Equal(2, t3.SuppressedByReason[SuppressionReasons.OptedOut]);
        Assert.Equal(1, t3.SuppressedByReason[SuppressionReasons.QuietHours]);
        var t7 = report.Rows.Single(r => r.Stage == "T+7");
        Assert.Equal((2, 1, 1), (t7.Jobs, t7.Sent, t7.Pending));
        Assert.Equal(["T-3", "T+7"], report.Rows.Select(r => r.Stage));
        Assert.Equal(7, report.Total.Jobs);
    }

    [Fact]
    public void Build_PaidWithinThreeDaysAfterTheMessageOnly()
    {
        SendRecord[] rows = [Row("1", "T0", SendState.Delivered, installment: 1), Row("2", "T0", SendState.Delivered, installment: 2), Row("3", "T0", SendState.Delivered, installment: 3)];
        var sentAt = From.AddDays(1);
        var paid = new Dictionary<InstallmentKey, DateTimeOffset?>
        {
            [new("acme", "L1", 1)] = sentAt.AddDays(2),
            [new("acme", "L1", 2)] = sentAt.AddDays(4),
            [new("acme", "L1", 3)] = sentAt.AddHours(-1),
        };

        var report = FunnelReport.Build("acme", From, To, rows, paid, []);

        Assert.Equal(1, report.Rows.Single().PaidWithin3Days);
    }

    [Fact]
    public void Build_ReadsOnlyTheRouteLendersRowsInTheWindow()
    {
        SendRecord[] rows = [Row("1", "T0", SendState.Sent), Row("2", "T0", SendState.Sent, lender: "other"), Row("3", "T0", SendState.Sent, day: 20)];

        var report = FunnelReport.Build("acme", From, To, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), []);

        Assert.Equal(1, report.Total.Jobs);
    }

    [Fact]
    public void Build_CountsRepliesByIntentAndOptOuts()
    {
        SendRecord[] rows =
        [
            Row("r1", Stage.ReplyName, SendState.Sent, kind: MessageKind.Reply, template: ReplyTemplateIds.For(ReplyKind.OptOutConfirmation)),
            Row("r2", Stage.ReplyName, SendState.Sent, kind: MessageKind.Reply, template: ReplyTemplateIds.For(ReplyKind.Help)),
            Row("r3", Stage.ReplyName, SendState.Sent, kind: MessageKind.Reply, template: ReplyTemplateIds.For(ReplyKind.PaidAcknowledgement)),
        ];
        FollowUp[] followUps =
        [
            new() { Id = "1", LenderId = "acme", Kind = FollowUpKind.VerifyPayment, PhoneHash = "h", CreatedAt = From.AddDays(1) },
            new() { Id = "2", LenderId = "acme", Kind = FollowUpKind.FreeText, PhoneHash = "h", CreatedAt = From.AddDays(1) },
            new() { Id = "3", LenderId = "acme", Kind = FollowUpKind.FreeText, PhoneHash = "h", CreatedAt = From.AddDays(2) },
            new() { Id = "4", LenderId = "acme", Kind = FollowUpKind.PromiseToPay, PhoneHash = "h", CreatedAt = From.AddDays(2), PromisedDate = new DateOnly(2026, 12, 11) },
            new() { Id = "5", LenderId = "acme", Kind = FollowUpKind.PromiseToPay, PhoneHash = "h", CreatedAt = From.AddDays(3) },
        ];

        var report = FunnelReport.Build("acme", From, To, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), followUps);

        Assert.Equal(1, report.OptOuts);
        Assert.Equal(2, report.RepliesByIntent["promise"]);
        Assert.Equal(1, report.RepliesByIntent["opt-out"]);
        Assert.Equal(1, report.RepliesByIntent["help"]);
        Assert.Equal(1, report.RepliesByIntent["paid"]);
        Assert.Equal(2, report.RepliesByIntent["other"]);
    }

    [Fact]
    public void Build_ADoubtfulStopRaisesFreeTextAndAConfirmation_CountedOnceAsAnOptOut()
    {
        SendRecord[] rows = [Row("r1", Stage.ReplyName, SendState.Sent, kind: MessageKind.Reply, template: ReplyTemplateIds.For(ReplyKind.OptOutConfirmation))];
        FollowUp[] followUps =
        [
            new()
            {
                Id = "1", LenderId = "acme", Kind = FollowUpKind.FreeText, PhoneHash = "h", CreatedAt = From.AddDays(1),
                Reading = new ReplyReading(ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence, [], "en"),
            },
            new()
            {
                Id = "2", LenderId = "acme", Kind = FollowUpKind.FreeText, PhoneHash = "h", CreatedAt = From.AddDays(1),
                Reading = new ReplyReading(ReplyIntent.Other, ReplyDoubt.None, [], null),
            },
        ];

        var report = FunnelReport.Build("acme", From, To, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), followUps);

        Assert.Equal(new Dictionary<string, int> { ["opt-out"] = 1, ["other"] = 1 }, report.RepliesByIntent);
    }

    [Fact]
    public void Build_CountsShortVariantsAndRejectionsPerTemplateAndWarnsAboveAFew()
    {
        SendRecord[] rows =
        [
            .. Enumerable.Range(1, 4).Select(i => Row("r" + i, "T0", SendState.Suppressed, SuppressionReasons.TemplateRejected, template: "acme/T0.en.liquid", installment: i)),
            .. Enumerable.Range(1, 2).Select(i => Row("s" + i, "T0", SendState.Delivered, template: "default/T0.en.short.liquid", installment: 10 + i)),
            .. Enumerable.Range(1, 3).Select(i => Row("q" + i, "T-3", SendState.Suppressed, SuppressionReasons.TemplateRejected, template: "default/reminder.en.liquid", installment: 20 + i)),
            Row("ok", "T-3", SendState.Delivered, template: "default/reminder.en.liquid", installment: 30),
        ];

        var report = FunnelReport.Build("acme", From, To, rows, new Dictionary<InstallmentKey, DateTimeOffset?>(), []);

        var rejected = report.Rows.Single(r => r.TemplateId == "acme/T0.en.liquid");
        Assert.Equal((4, 0), (rejected.TemplateRejections, rejected.ShortVariantFallbacks));
        var shortened = report.Rows.Single(r => r.TemplateId == "default/T0.en.short.liquid");
        Assert.Equal((0, 2, 2), (shortened.TemplateRejections, shortened.ShortVariantFallbacks, shortened.Delivered));
        Assert.Equal(3, report.Rows.Single(r => r.Stage == "T-3").TemplateRejections);
        Assert.Equal((7, 2), (report.Total.TemplateRejections, report.Total.ShortVariantFallbacks));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("T0", ReportWarning.TemplateRejections, 4), (warning.Stage, warning.Kind, warning.Count));
    }
}
