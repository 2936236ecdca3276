using Dunning.Core;

namespace Dunning.Functions.Tests;

/// <summary>
/// The one list of the app's functions: the reflection, functions.metadata, README, host.json and infra-bicep tests
/// all read it, so a new function is one row here and every promise about it is then checked.
/// </summary>
public static class ExpectedFunctions
{
    public static IReadOnlyList<ExpectedFunction> All { get; } =
    [
        ExpectedFunction.Blob(FunctionNames.IngestSchedule, PipelineNames.SchedulesBlobPath),
        ExpectedFunction.Blob(FunctionNames.IngestPayments, PipelineNames.PaymentsBlobPath),
        ExpectedFunction.Blob(FunctionNames.IngestLenderSettings, PipelineNames.LenderSettingsBlobPath),
        ExpectedFunction.Timer(FunctionNames.ScanDueInstallments, PipelineNames.ScanSchedule),
        ExpectedFunction.Queue(FunctionNames.PersonalizeReminder, PipelineNames.ReminderJobsQueue),
        ExpectedFunction.Queue(FunctionNames.PersonalizeReminderPoison, PipelineNames.ReminderJobsPoisonQueue),
        ExpectedFunction.Queue(FunctionNames.SendSms, PipelineNames.SmsOutboxQueue),
        ExpectedFunction.Queue(FunctionNames.SendSmsPoison, PipelineNames.SmsOutboxPoisonQueue),
        ExpectedFunction.Http(FunctionNames.SmsEvents, PipelineNames.SmsEventsRoute, "post", "options"),
        ExpectedFunction.Open(FunctionNames.LenderReport, PipelineNames.LenderReportRoute, "get"),
        ExpectedFunction.Open(FunctionNames.LenderFollowUps, PipelineNames.LenderFollowUpsRoute, "get"),
        ExpectedFunction.Open(FunctionNames.CloseLenderFollowUp, PipelineNames.LenderFollowUpCloseRoute, "post"),
        ExpectedFunction.Open(FunctionNames.ReplyToLenderFollowUp, PipelineNames.LenderFollowUpReplyRoute, "post"),
        ExpectedFunction.Open(FunctionNames.FindLenderBorrowers, PipelineNames.LenderBorrowersRoute, "get"),
        ExpectedFunction.Open(FunctionNames.LenderBorrowerTimeline, PipelineNames.LenderBorrowerTimelineRoute, "get"),
        ExpectedFunction.Open(FunctionNames.PauseLenderBorrower, PipelineNames.LenderBorrowerPauseRoute, "post"),
        ExpectedFunction.Open(FunctionNames.MarkLenderWrongNumber, PipelineNames.LenderBorrowerWrongNumberRoute, "post"),
        ExpectedFunction.Open(FunctionNames.CheckLenderTemplate, PipelineNames.LenderTemplateCheckRoute, "post"),
        ExpectedFunction.Open(FunctionNames.SaveLenderTemplate, PipelineNames.LenderTemplatesRoute, "post"),
        ExpectedFunction.Open(FunctionNames.LenderConsole, PipelineNames.ConsoleRoute, "get"),
        ExpectedFunction.Open(FunctionNames.LenderDailyTrend, PipelineNames.LenderDailyTrendRoute, "get"),
        ExpectedFunction.Open(FunctionNames.LenderFailedDeliveries, PipelineNames.LenderFailedDeliveriesRoute, "get"),
        ExpectedFunction.Open(FunctionNames.LenderSettingsInForce, PipelineNames.LenderSettingsRoute, "get"),
        ExpectedFunction.Open(FunctionNames.SaveLenderSettings, PipelineNames.LenderSettingsRoute, "post"),
        ExpectedFunction.Open(FunctionNames.RotateLenderKey, PipelineNames.LenderKeyRotationRoute, "post"),
        ExpectedFunction.Open(FunctionNames.UploadLenderFile, PipelineNames.LenderUploadRoute, "post"),
        ExpectedFunction.Open(FunctionNames.LenderUploadResult, PipelineNames.LenderUploadResultRoute, "get"),
    ];

    /// <summary>Function names as theory data (xUnit shows one case per name); <see cref="Named"/> gives the row.</summary>
    public static TheoryData<string> Names => [.. All.Select(f => f.Name)];

    public static TheoryData<string> NamesOf(string triggerType) => [.. All.Where(f => f.TriggerType == triggerType).Select(f => f.Name)];

    public static TheoryData<string> Blobs => NamesOf(ExpectedFunction.BlobTrigger);

    public static TheoryData<string> Queues => NamesOf(ExpectedFunction.QueueTrigger);

    public static TheoryData<string> Https => NamesOf(ExpectedFunction.HttpTrigger);

    public static ExpectedFunction Named(string name) => All.Single(f => f.Name == name);
}
