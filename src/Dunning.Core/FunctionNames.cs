namespace Dunning.Core;

/// <summary>
/// The names the Functions app registers its functions under: what dashboards, alerts and the portal show,
/// so they are contract like the queue names.
/// </summary>
public static class FunctionNames
{
    public const string IngestSchedule = "IngestSchedule";
    public const string IngestPayments = "IngestPayments";
    public const string IngestLenderSettings = "IngestLenderSettings";
    public const string ScanDueInstallments = "ScanDueInstallments";
    public const string PersonalizeReminder = "PersonalizeReminder";
    public const string SendSms = "SendSms";
    public const string SendSmsPoison = "SendSmsPoison";
    public const string PersonalizeReminderPoison = "PersonalizeReminderPoison";
    public const string SmsEvents = "SmsEvents";
    public const string LenderReport = "LenderReport";
    public const string LenderFollowUps = "LenderFollowUps";
    public const string CloseLenderFollowUp = "CloseLenderFollowUp";
    public const string ReplyToLenderFollowUp = "ReplyToLenderFollowUp";
    public const string FindLenderBorrowers = "FindLenderBorrowers";
    public const string LenderBorrowerTimeline = "LenderBorrowerTimeline";
    public const string PauseLenderBorrower = "PauseLenderBorrower";
    public const string MarkLenderWrongNumber = "MarkLenderWrongNumber";
    public const string CheckLenderTemplate = "CheckLenderTemplate";
    public const string SaveLenderTemplate = "SaveLenderTemplate";
    public const string LenderConsole = "LenderConsole";
    public const string UploadLenderFile = "UploadLenderFile";
    public const string LenderSettingsInForce = "LenderSettingsInForce";
    public const string SaveLenderSettings = "SaveLenderSettings";
    public const string RotateLenderKey = "RotateLenderKey";
    public const string LenderDailyTrend = "LenderDailyTrend";
    public const string LenderFailedDeliveries = "LenderFailedDeliveries";
    public const string LenderUploadResult = "LenderUploadResult";
}
