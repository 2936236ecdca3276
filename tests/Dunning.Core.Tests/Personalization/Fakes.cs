using System.Runtime.CompilerServices;
using Dunning.Core.Borrowers;
using Dunning.Core.Eligibility;
using Dunning.Core.Installments;
using Dunning.Core.Jobs;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Dunning.Core.Sending;

namespace Dunning.Core.Tests.Personalization;

internal static class TestData
{
    public const string LenderId = "acme";
    public static readonly DateOnly DueDate = new(2026, 11, 30);

    public static LenderSettings Lender() => LenderSettings.DefaultFor(LenderId) with
    {
        Brand = "Anxin",
        Hotline = "400-800-1234",
        PayLink = "https://pay.example.cn/x",
        PlanLink = "https://plan.example.cn/p",
    };

    public static Borrower Borrower(string language = Languages.Chinese, string timeZone = "Asia/Shanghai") => new()
    {
        LenderId = LenderId,
        BorrowerId = "b-1",
        Name = language == Languages.Chinese ? "张三" : "Ann Lee",
        PhoneE164 = "+8613800138000",
        PhoneHash = "hash-b-1",
        TimeZone = timeZone,
        Language = language,
        Consent = true,
    };

    public static Installment Installment(decimal amount = 1234.5m) => new()
    {
        LenderId = LenderId,
        LoanId = "L-1",
        InstallmentNo = 3,
        BorrowerId = "b-1",
        AmountDue = Money.Of(amount, "CNY"),
        DueDate = DueDate,
        Consent = true,
    };

    public static ReminderJob Job(string stage, string loanId = "L-1", int installmentNo = 3) => new()
    {
        LenderId = LenderId,
        LoanId = loanId,
        InstallmentNo = installmentNo,
        Stage = stage,
        DueDate = DueDate,
        CreatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>10:00 in Shanghai on the stage's day.</summary>
    public static DateTimeOffset ShanghaiMorningOf(string stage) =>
        new(StageSchedule.DateOf(Stage.Parse(stage), DueDate).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
}

internal sealed class InMemoryCapLedger : ICapLedger
{
    private readonly Dictionary<(string, string), List<CapEntry>> rows = [];
    private readonly Lock gate = new();

    public Task<IReadOnlyList<CapEntry>> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<CapEntry>>([.. rows.GetValueOrDefault((lenderId, borrowerId)) ?? []]);
        }
    }

    public Task<EligibilityDecision> ReserveAsync(string lenderId, string phoneHash, string jobId, DateTimeOffset at, Func<IReadOnlyList<CapEntry>, EligibilityDecision> decide, CancellationToken cancellationToken = default) =>
        ReserveAsync(lenderId, phoneHash, jobId, at, null, status => decide(status?.Caps ?? []), cancellationToken);

    public Task<EligibilityDecision> ReserveAsync(string lenderId, string phoneHash, string jobId, DateTimeOffset at, PhoneStatus? known, Func<PhoneStatus?, EligibilityDecision> decide, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var entries = rows.TryGetValue((lenderId, phoneHash), out var list) ? list : rows[(lenderId, phoneHash)] = [];
            var decision = decide((known ?? new PhoneStatus { LenderId = lenderId, PhoneHash = phoneHash }) with { Caps = [.. entries] });
            entries.RemoveAll(e => e.JobId == jobId);
            if (decision.Verdict == Verdict.Send)
            {
                entries.Add(new CapEntry(jobId, at));
            }

            return Task.FromResult(decision);
        }
    }
}

internal sealed class InMemoryContactLog : IContactLog
{
    public List<ContactDecision> Decisions { get; } = [];

    public Task RecordAsync(ContactDecision decision, CancellationToken cancellationToken = default)
    {
        Decisions.Add(decision);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ContactDecision> QueryAsync(string lenderId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var decision in Decisions.Where(d => d.LenderId == lenderId && d.At >= from && d.At < to).OrderByDescending(d => d.At))
        {
            yield return decision;
        }

        await Task.CompletedTask;
    }
}

internal sealed class InMemoryDirectories : ILenderDirectory, IBorrowerDirectory, IInstallmentStore
{
    public Dictionary<string, LenderSettings> Lenders { get; } = [];
    public Dictionary<string, Borrower> Borrowers { get; } = [];
    public Dictionary<string, PhoneStatus> Phones { get; } = [];
    public Dictionary<InstallmentKey, Installment> Installments { get; } = [];

    /// <summary>Where the numbers' cap entries live (storage keeps them on the number's row).</summary>
    public ICapLedger? Caps { get; set; }

    public Task<LenderSettings?> FindAsync(string lenderId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lenders.GetValueOrDefault(lenderId));

    public Task SaveAsync(LenderSettings settings, CancellationToken cancellationToken = default)
    {
        Lenders[settings.LenderId] = settings;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListLenderIdsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Lenders.Keys]);

    public Task<Borrower?> GetAsync(string lenderId, string borrowerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Borrowers.GetValueOrDefault(borrowerId) is { } b && b.LenderId == lenderId ? b : null);

    public Task<IReadOnlyList<UpsertResult>> UpsertManyAsync(IReadOnlyList<Borrower> borrowers, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> TryUpdateAsync(Borrower borrower, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async Task<PhoneStatus?> FindPhoneAsync(string lenderId, string phoneHash, CancellationToken cancellationToken = default)
    {
        var phone = Phones.GetValueOrDefault(phoneHash);
        if (Caps is null)
        {
            return phone;
        }

        var caps = await Caps.GetAsync(lenderId, phoneHash, cancellationToken);
        return caps.Count == 0 ? phone : (phone ?? new PhoneStatus { LenderId = lenderId, PhoneHash = phoneHash }) with { Caps = caps };
    }

    public Task<bool> TrySavePhoneAsync(PhoneStatus status, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<UpsertOutcome>> UpsertScheduleAsync(IReadOnlyList<Installment> installments, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<Installment?> GetAsync(InstallmentKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Installments.GetValueOrDefault(key));

    public IAsyncEnumerable<Installment> QueryDueAsync(DateOnly dueDate, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> TryUpdateAsync(Installment installment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public static InMemoryDirectories With(LenderSettings lender, Borrower borrower, Installment installment)
    {
        var directories = new InMemoryDirectories();
        directories.Lenders[lender.LenderId] = lender;
        directories.Borrowers[borrower.BorrowerId] = borrower;
        directories.Installments[installment.Key] = installment;
        return directories;
    }
}

internal sealed class RecordingOutbox : IOutbox
{
    public List<OutboxMessage> Messages { get; } = [];

    public Task EnqueueAsync(OutboxMessage message, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        // The handler personalises a batch's jobs side by side.
        lock (Messages)
        {
            Messages.Add(message);
        }

        return Task.CompletedTask;
    }
}

internal sealed class RecordingJobQueue : IJobQueue
{
    public List<(ReminderJobBatch Batch, TimeSpan Delay)> Enqueued { get; } = [];

    public Task EnqueueAsync(ReminderJobBatch batch, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        lock (Enqueued)
        {
            Enqueued.Add((batch, delay));
        }

        return Task.CompletedTask;
    }
}

internal sealed class InMemoryTemplateStore : ITemplateStore
{
    public Dictionary<string, MessageTemplate> Templates { get; } = [];

    public Task<MessageTemplate?> FindAsync(string lenderId, string name, string language, CancellationToken cancellationToken = default) =>
        Task.FromResult(Templates.GetValueOrDefault($"{lenderId}/{TemplateNames.FileName(name, language)}"));

    public Task SaveAsync(string lenderId, string name, string language, string text, CancellationToken cancellationToken = default)
    {
        var file = TemplateNames.FileName(name, language);
        Templates[$"{lenderId}/{file}"] = new MessageTemplate($"{lenderId}/{file}", "v" + Templates.Count, name, language, text, IsDefault: false);
        return Task.CompletedTask;
    }
}
