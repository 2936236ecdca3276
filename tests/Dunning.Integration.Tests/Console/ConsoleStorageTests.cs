using Dunning.Core;
using Dunning.Core.Borrowers;
using Dunning.Core.FollowUps;
using Dunning.Core.Installments;
using Dunning.Core.Lenders;
using Dunning.Storage.Borrowers;
using Dunning.Storage.FollowUps;
using Dunning.Storage.Installments;
using Dunning.Storage.Lenders;
using Dunning.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dunning.Integration.Tests.Console;

/// <summary>The console's adapters on Azurite: the wrong-key row shared by instances, the loan index, pauses and staff answers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleStorageTests(AzuriteFixture azurite)
{
    private const string Key = "console-test-key";
    private static readonly DateTimeOffset At = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    private static string NewLender() => "con-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task LenderGate_TwoInstancesOnTheSameTable_CountWrongKeysTogetherAndBothBlock()
    {
        var time = new FakeTimeProvider(At);
        var lenderId = NewLender();
        await new TableLenderDirectory(azurite.Storage, time).SaveAsync(LenderSettings.DefaultFor(lenderId) with { ApiKeyHashes = [LenderKeys.Hash(Key)] });
        LenderGate Instance() => new(new TableLenderDirectory(azurite.Storage, time), new TableLenderKeyFailures(azurite.Storage), time);
        var (first, second) = (Instance(), Instance());

        // Both instances guess at once: conditional writes must count every guess, not let one overwrite the other.
        await Task.WhenAll(Enumerable.Range(0, LenderGate.FreeFailures).Select(i => (i % 2 == 0 ? first : second).AdmitAsync(lenderId, "guess-" + i)));
        var sixth = await first.AdmitAsync(lenderId, "guess-6");
        var rightKeyOnTheOther = await second.AdmitAsync(lenderId, Key);
        time.Advance(TimeSpan.FromSeconds(2));
        var afterTheBlock = await second.AdmitAsync(lenderId, Key);

        Assert.Equal(429, sixth.Refusal?.StatusCode);
        Assert.Equal(429, rightKeyOnTheOther.Refusal?.StatusCode);
        Assert.True(afterTheBlock.Admitted);
        Assert.Equal(0, (await new TableLenderKeyFailures(azurite.Storage).GetAsync(lenderId))!.Count);
    }

    [Fact]
    public async Task LoanIndex_ListsOneLoansInstallments_NotALoanWhoseIdStartsTheSame()
    {
        var lenderId = NewLender();
        var store = new TableInstallmentStore(azurite.Storage, new InstallmentPartitions(4));
        Installment Make(string loan, int number) => new()
        {
            LenderId = lenderId, LoanId = loan, InstallmentNo = number, BorrowerId = "b-" + loan,
            AmountDue = Money.Of(100m, "CNY"), DueDate = new DateOnly(2026, 12, 10).AddMonths(number), Consent = true,
        };
        await store.UpsertScheduleAsync([Make("L-1", 1), Make("L-1", 2), Make("L-1|x", 1), Make("L-10", 1)]);

        var keys = new List<InstallmentKey>();
        await foreach (var key in new TableLoanIndex(azurite.Storage).ListAsync(lenderId, "L-1"))
        {
            keys.Add(key);
        }

        Assert.Equal([new InstallmentKey(lenderId, "L-1", 1), new InstallmentKey(lenderId, "L-1", 2)], keys);
    }

    [Fact]
    public async Task PhoneStatus_PausedUntil_RoundTripsAndSurvivesACapClaim()
    {
        var lenderId = NewLender();
        var directory = new TableBorrowerDirectory(azurite.Storage);
        Assert.True(await directory.TrySavePhoneAsync(new PhoneStatus { LenderId = lenderId, PhoneHash = "hash-1", BorrowerIds = ["b-1"], PausedUntil = At.AddDays(3) }));
        var saved = (await directory.FindPhoneAsync(lenderId, "hash-1"))!;

        await new Storage.Eligibility.TableCapLedger(azurite.Storage).ReserveAsync(lenderId, "hash-1", "job-1", At, saved, _ => Core.Eligibility.EligibilityDecision.Send);
        var afterClaim = (await directory.FindPhoneAsync(lenderId, "hash-1"))!;

        Assert.Equal(At.AddDays(3), saved.PausedUntil);
        Assert.Equal(At.AddDays(3), afterClaim.PausedUntil);
        Assert.Single(afterClaim.Caps);
    }

    [Fact]
    public async Task Uploads_LandUnderTheLendersPrefix_AndTheirResultIsReadOnceTheIngestWroteIt()
    {
        var lenderId = NewLender();
        var uploads = new Storage.Schedules.BlobLenderUploadStore(azurite.Storage);
        await uploads.SaveAsync(Core.PipelineNames.SchedulesContainer, lenderId, "20261204-020000-march.csv", new MemoryStream("loan_id\r\n"u8.ToArray()));
        var before = await uploads.ReadResultAsync(lenderId, "schedule", "20261204-020000-march.csv");

        await new Storage.Schedules.BlobIngestResultStore(azurite.Storage).WriteAsync(new Core.Schedules.IngestResult(
            lenderId, "schedule", "20261204-020000-march.csv", 2, 1, 0, 1, null, [new Core.Schedules.CsvRowError(3, "phone", "not a valid mobile number")]));
        var after = await uploads.ReadResultAsync(lenderId, "schedule", "20261204-020000-march.csv");

        Assert.True((await azurite.Storage.Container(Core.PipelineNames.SchedulesContainer).GetBlobClient($"{lenderId}/20261204-020000-march.csv").ExistsAsync()).Value);
        Assert.Equal((null, null), before);
        Assert.Contains("\"rejected\": 1", after.SummaryJson, StringComparison.Ordinal);
        Assert.Equal([new Core.Schedules.CsvRowError(3, "phone", "not a valid mobile number")], Core.Reports.LenderUploadHandler.ReadErrors(after.ErrorsCsv));
    }

    [Fact]
    public async Task FollowUp_OutcomeAndStaffReplies_RoundTrip()
    {
        var lenderId = NewLender();
        var store = new TableFollowUpStore(azurite.Storage);
        var followUp = new FollowUp
        {
            Id = FollowUpIds.For(At, "in-1"), LenderId = lenderId, Kind = FollowUpKind.PlanRequest, BorrowerId = "b-1", PhoneHash = "h", CreatedAt = At,
        };
        await store.TryCreateAsync(followUp);
        var stored = (await store.GetAsync(lenderId, followUp.Id))!;
        var reply = new StaffReplyRecord("job-1", At.AddMinutes(5), "【品牌】方案已发送", At.AddDays(30));

        Assert.True(await store.TryUpdateAsync(stored with { StaffReplies = [reply], Outcome = "plan-agreed", Status = FollowUpStatus.Closed }));
        var again = (await store.GetAsync(lenderId, followUp.Id))!;

        Assert.Equal("plan-agreed", again.Outcome);
        Assert.Equal(reply, Assert.Single(again.StaffReplies));
    }
}
