namespace Dunning.Core;

/// <summary>
/// The names every host shares: the Functions app and the local host bind to exactly these,
/// and Bicep creates exactly these.
/// </summary>
public static class PipelineNames
{
    public const string ReminderJobsQueue = "reminder-jobs";
    public const string SmsOutboxQueue = "sms-outbox";
    public const string PoisonSuffix = "-poison";
    public const string ReminderJobsPoisonQueue = ReminderJobsQueue + PoisonSuffix;
    public const string SmsOutboxPoisonQueue = SmsOutboxQueue + PoisonSuffix;

    public const string SchedulesContainer = "schedules";
    public const string PaymentsContainer = "payments";
    public const string ResultsContainer = "schedules-results";
    public const string ConfigContainer = "config";

    public const string SchedulesBlobPath = SchedulesContainer + "/{lenderId}/{name}";
    public const string PaymentsBlobPath = PaymentsContainer + "/{lenderId}/{name}";

    /// <summary>A lender's settings document; its templates beside it under config/{lenderId}/templates/ do not match.</summary>
    public const string LenderSettingsBlobPath = ConfigContainer + "/{lenderId}/settings.json";

    public const string InstallmentsTable = "Installments";
    public const string InstallmentIndexTable = "InstallmentIndex";
    public const string BorrowersTable = "Borrowers";
    public const string LendersTable = "Lenders";
    public const string SendsTable = "Sends";
    public const string SendsByMessageIdTable = "SendsByMessageId";
    public const string ContactLogTable = "ContactLog";
    public const string EventsTable = "Events";
    public const string FollowUpsTable = "FollowUps";
    public const string SenderThroughputTable = "SenderThroughput";

    public static readonly IReadOnlyList<string> AllTables =
    [
        InstallmentsTable, InstallmentIndexTable, BorrowersTable, LendersTable, SendsTable,
        SendsByMessageIdTable, ContactLogTable, EventsTable, FollowUpsTable,
        SenderThroughputTable,
    ];

    public static readonly IReadOnlyList<string> AllQueues =
    [
        ReminderJobsQueue, ReminderJobsPoisonQueue, SmsOutboxQueue, SmsOutboxPoisonQueue,
    ];

    public static readonly IReadOnlyList<string> AllContainers =
    [
        SchedulesContainer, PaymentsContainer, ResultsContainer, ConfigContainer,
    ];

    /// <summary>Hourly at minute 5, seconds first (6-field NCRONTAB), in UTC.</summary>
    public const string ScanSchedule = "0 5 * * * *";

    public const string SmsEventsRoute = "sms/events";
    public const string LenderReportRoute = "lenders/{lenderId}/report";
    public const string LenderDailyTrendRoute = "lenders/{lenderId}/report/daily";
    public const string LenderFailedDeliveriesRoute = "lenders/{lenderId}/report/failures";
    public const string LenderFollowUpsRoute = "lenders/{lenderId}/followups";
    public const string LenderFollowUpCloseRoute = "lenders/{lenderId}/followups/{followUpId}/close";
    public const string LenderFollowUpReplyRoute = "lenders/{lenderId}/followups/{followUpId}/reply";
    public const string LenderBorrowersRoute = "lenders/{lenderId}/borrowers";
    public const string LenderBorrowerTimelineRoute = "lenders/{lenderId}/borrowers/{borrowerId}/timeline";
    public const string LenderBorrowerPauseRoute = "lenders/{lenderId}/borrowers/{borrowerId}/pause";
    public const string LenderBorrowerWrongNumberRoute = "lenders/{lenderId}/borrowers/{borrowerId}/wrong-number";
    public const string LenderTemplatesRoute = "lenders/{lenderId}/templates";
    public const string LenderTemplateCheckRoute = "lenders/{lenderId}/templates/check";
    public const string LenderSettingsRoute = "lenders/{lenderId}/settings";
    public const string LenderKeyRotationRoute = "lenders/{lenderId}/settings/key";
    public const string LenderUploadRoute = "lenders/{lenderId}/uploads/{kind}";
    public const string LenderUploadResultRoute = "lenders/{lenderId}/uploads/{kind}/{name}";

    /// <summary>The staff console's static files, under /api like every route so one host name and path serve both.</summary>
    public const string ConsoleRoute = "console/{*path}";

    /// <summary>The host retries a queue message this many times before moving it to the poison queue.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>Reminder jobs per reminder-jobs message: keeps a message well under the 64 KB queue limit.</summary>
    public const int JobsPerMessage = 32;
}
