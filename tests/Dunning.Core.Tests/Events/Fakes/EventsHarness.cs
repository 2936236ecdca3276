using System.Text;
using System.Text.Json;
using Dunning.Core.Borrowers;
using Dunning.Core.Events;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Privacy;
using Dunning.Core.Sending;
using Dunning.Core.Tests.Personalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Core.Tests.Events.Fakes;

/// <summary>The events handler over in-memory ports, with one lender, one borrower and one sent reminder.</summary>
internal sealed class EventsHarness
{
    public const string LenderId = "acme-loans";
    public const string LenderKey = "acme-loans-report-key";
    public const string SenderId = "+18005550199";
    public const string BorrowerPhone = "+8613800138000";
    public const string BorrowerId = "b-1";
    public const string LoanId = "L-100";
    public const string ReminderJobId = LenderId + ":" + LoanId + ":1:T+3";
    public const string ReminderMessageId = "Outgoing_20261201_msg1";

    public EventsHarness(string borrowerLanguage = Languages.Chinese)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
        Hasher = new HmacPhoneHasher("test-secret-0123456789");
        Lenders.SaveAsync(LenderSettings.DefaultFor(LenderId) with
        {
            Brand = "安心贷",
            Hotline = "400-123-4567",
            SenderIds = [SenderId],
            PlanLink = "https://acme.example/plan",
            ApiKeyHashes = [LenderKeys.Hash(LenderKey)],
        }).GetAwaiter().GetResult();
        Borrowers.Add(new Borrower
        {
            LenderId = LenderId,
            BorrowerId = BorrowerId,
            Name = "张三",
            PhoneE164 = BorrowerPhone,
            PhoneHash = Hasher.Hash(BorrowerPhone),
            TimeZone = "Asia/Shanghai",
            Language = borrowerLanguage,
            Consent = true,
        });
        Installments.Add(new Installment
        {
            LenderId = LenderId,
            LoanId = LoanId,
            InstallmentNo = 1,
            BorrowerId = BorrowerId,
            AmountDue = Money.Of(1234.56m, "CNY"),
            DueDate = new DateOnly(2026, 11, 30),
            Consent = true,
        });
        Ledger.Add(new SendRecord
        {
            JobId = ReminderJobId,
            LenderId = LenderId,
            BorrowerId = BorrowerId,
            BorrowerKey = Hasher.Hash(BorrowerPhone),
            Stage = "T+3",
            TemplateId = "warm-zh",
            Kind = MessageKind.Scheduled,
            LoanId = LoanId,
            InstallmentNo = 1,
            State = SendState.Sent,
            CreatedAt = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero),
            SentAt = new DateTimeOffset(2026, 12, 3, 1, 0, 5, TimeSpan.Zero),
            MessageId = ReminderMessageId,
        });

        Inbound = new InboundSmsProcessor(
            new SenderIdLenderIndex(Lenders, Time), Hasher, Borrowers, Ledger, Installments, Outbox, FollowUps,
            IntentMatcher.Default, new TemplateCatalog(Templates, NullLogger<TemplateCatalog>.Instance), new ReplyComposer(), Time,
            NullLogger<InboundSmsProcessor>.Instance);
        Handler = new SmsEventsHandler(
            EventLog, new DeliveryReportProcessor(Ledger, Time, NullLogger<DeliveryReportProcessor>.Instance), Inbound, NullLogger<SmsEventsHandler>.Instance);
    }

    public FakeTimeProvider Time { get; }
    public HmacPhoneHasher Hasher { get; }
    public InMemoryLenderDirectory Lenders { get; } = new();
    public InMemoryTemplateStore Templates { get; } = new();
    public InMemoryBorrowerDirectory Borrowers { get; } = new();
    public InMemoryInstallmentStore Installments { get; } = new();
    public InMemorySendLedger Ledger { get; } = new();
    public RecordingOutbox Outbox { get; } = new();
    public InMemoryEventLog EventLog { get; } = new();
    public InMemoryFollowUpStore FollowUps { get; } = new();
    public InMemoryLenderKeyFailures KeyFailures { get; } = new();

    /// <summary>A new gate on the shared stores: two of them are two app instances.</summary>
    public LenderGate NewGate() => new(Lenders, KeyFailures, Time);
    public InboundSmsProcessor Inbound { get; }
    public SmsEventsHandler Handler { get; }

    public string BorrowerHash => Hasher.Hash(BorrowerPhone);

    public PhoneStatus BorrowerPhoneStatus => Borrowers.Phone(LenderId, BorrowerHash)!;

    public SendRecord Reminder => Ledger.GetAsync(LenderId, ReminderJobId).GetAwaiter().GetResult()!;

    public Installment Installment => Installments.Get(new InstallmentKey(LenderId, LoanId, 1));

    public Task<HttpReply> PostAsync(string body, string contentType = "application/json", long? contentLength = null) =>
        Handler.HandleAsync(Call("POST", body, contentType, contentLength));

    public Task<HttpReply> PostReplyAsync(string message, string eventId = "evt-r1", string messageId = "Incoming_1", string from = BorrowerPhone) =>
        PostAsync(Payloads.EventGridBatch(Payloads.SmsReceived(eventId, messageId, from, SenderId, message, Time.GetUtcNow())));

    public static HttpCall Call(string method, string body, string contentType = "application/json", long? contentLength = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Content-Type"] = contentType };
        return new HttpCall(method, all, new MemoryStream(bytes), contentLength ?? bytes.Length);
    }

    public static JsonElement Json(HttpReply reply) => JsonDocument.Parse(reply.JsonBody!).RootElement;
}
