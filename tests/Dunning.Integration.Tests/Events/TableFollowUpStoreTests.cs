using Azure.Data.Tables;
using Dunning.Core;
using Dunning.Core.Events;
using Dunning.Core.FollowUps;
using Dunning.Storage;
using Dunning.Storage.FollowUps;
using Dunning.Testing;

namespace Dunning.Integration.Tests.Events;

[Collection(AzuriteCollection.Name)]
public sealed class TableFollowUpStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);
    private readonly TableFollowUpStore store = new(azurite.Storage);

    private static string NewLender() => "it-" + Guid.NewGuid().ToString("N")[..12];

    private static FollowUp Make(string lender, string source, DateTimeOffset at, FollowUpKind kind = FollowUpKind.FreeText) => new()
    {
        Id = FollowUpIds.For(at, source),
        LenderId = lender,
        Kind = kind,
        BorrowerId = "b-1",
        PhoneHash = "abc123",
        Text = "请周五再联系",
        TextExpiresAt = at.AddDays(30),
        Installments = [new FollowUpInstallment("L/1#x", 2)],
        CreatedAt = at,
    };

    [Fact]
    public async Task TryCreate_RoundTripsAndRejectsTheSameIdTwice()
    {
        var lender = NewLender();
        var followUp = Make(lender, "in-1", At);

        Assert.True(await store.TryCreateAsync(followUp));
        Assert.False(await store.TryCreateAsync(followUp with { Text = "other" }));

        var stored = await store.GetAsync(lender, followUp.Id);
        Assert.NotNull(stored);
        Assert.Equal(followUp with { ETag = stored.ETag }, stored with { Installments = followUp.Installments });
        Assert.Equal(followUp.Installments, stored.Installments);
    }

    [Fact]
    public async Task TryCreate_RoundTripsTheReading()
    {
        var lender = NewLender();
        var reading = new ReplyReading(
            ReplyIntent.OptOut, ReplyDoubt.KeywordInSentence | ReplyDoubt.Mixed, [ReplyIntent.Paid, ReplyIntent.Plan], "zh-CN",
            "别|不要 + 再 * 发", "别 再 发", At.AddDays(30));
        var followUp = Make(lender, "in-1", At) with { Reading = reading };

        Assert.True(await store.TryCreateAsync(followUp));
        var stored = (await store.GetAsync(lender, followUp.Id))!.Reading!;

        Assert.Equal(reading with { AlsoAsked = stored.AlsoAsked }, stored);
        Assert.Equal(reading.AlsoAsked, stored.AlsoAsked);
        Assert.Equal([ReplyDoubt.KeywordInSentence, ReplyDoubt.Mixed], stored.Doubts);
    }

    [Fact]
    public async Task TryCreate_ACertainReadingWithNothingQuoted_RoundTrips()
    {
        var lender = NewLender();
        var followUp = Make(lender, "in-1", At) with { Reading = new ReplyReading(ReplyIntent.Paid, ReplyDoubt.None, [], "en") };

        await store.TryCreateAsync(followUp);
        var stored = (await store.GetAsync(lender, followUp.Id))!.Reading!;

        Assert.Equal((ReplyIntent.Paid, ReplyDoubt.None, "en"), (stored.Intent, stored.Doubt, stored.Language));
        Assert.Equal((null, null, null), (stored.Phrase, stored.MatchedWords, stored.WordsExpireAt));
        Assert.Empty(stored.AlsoAsked);
    }

    [Fact]
    public async Task TryCreate_RoundTripsThePromisedDate_AndAnUndatedPromise()
    {
        var lender = NewLender();
        var dated = Make(lender, "in-1", At, FollowUpKind.PromiseToPay) with
        {
            PromisedDate = new DateOnly(2026, 12, 11),
            Reading = new ReplyReading(ReplyIntent.Promise, ReplyDoubt.KeywordInSentence, [], "zh-CN"),
        };
        var undated = Make(lender, "in-2", At.AddMinutes(1), FollowUpKind.PromiseToPay);

        await store.TryCreateAsync(dated);
        await store.TryCreateAsync(undated);
        var storedDated = (await store.GetAsync(lender, dated.Id))!;
        var storedUndated = (await store.GetAsync(lender, undated.Id))!;

        Assert.Equal((FollowUpKind.PromiseToPay, new DateOnly(2026, 12, 11), ReplyIntent.Promise), (storedDated.Kind, storedDated.PromisedDate, storedDated.Reading!.Intent));
        Assert.Equal((FollowUpKind.PromiseToPay, (DateOnly?)null), (storedUndated.Kind, storedUndated.PromisedDate));
        var entity = (await azurite.Storage.Table(PipelineNames.FollowUpsTable).GetEntityAsync<TableEntity>(lender, TableKeys.Escape(dated.Id))).Value;
        Assert.Equal("2026-12-11", entity.GetString("PromisedDate"));
    }

    [Fact]
    public async Task Get_ARowWrittenBeforeReadingsWereKept_ReadsWithoutAReading_AndCanBeClosed()
    {
        var lender = NewLender();
        var id = FollowUpIds.For(At, "old-1");
        await azurite.Storage.Table(PipelineNames.FollowUpsTable).AddEntityAsync(new TableEntity(lender, TableKeys.Escape(id))
        {
            ["Kind"] = nameof(FollowUpKind.PlanRequest),
            ["Status"] = nameof(FollowUpStatus.Open),
            ["BorrowerId"] = "b-1",
            ["PhoneHash"] = "abc123",
            ["Text"] = "能晚几天吗",
            ["TextExpiresAt"] = At.AddDays(30),
            ["CreatedAt"] = At,
        });

        var stored = await store.GetAsync(lender, id);

        Assert.NotNull(stored);
        Assert.Equal((FollowUpKind.PlanRequest, "能晚几天吗"), (stored.Kind, stored.Text));
        Assert.Null(stored.Reading);
        Assert.Null(stored.PromisedDate);
        Assert.True(await store.TryUpdateAsync(stored with { Status = FollowUpStatus.Closed, ClosedAt = At.AddHours(1) }));
        Assert.Null((await store.GetAsync(lender, id))!.Reading);
    }

    [Fact]
    public async Task Get_AReadingThisBuildCannotName_ReadsAsNotRecorded()
    {
        var lender = NewLender();
        var followUp = Make(lender, "in-1", At) with { Reading = new ReplyReading(ReplyIntent.Help, ReplyDoubt.Question, [], "en") };
        await store.TryCreateAsync(followUp);
        var table = azurite.Storage.Table(PipelineNames.FollowUpsTable);
        var entity = (await table.GetEntityAsync<TableEntity>(lender, TableKeys.Escape(followUp.Id))).Value;
        entity["ReadingIntent"] = "Reschedule";
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        var stored = await store.GetAsync(lender, followUp.Id);

        Assert.Equal(followUp.Text, stored!.Text);
        Assert.Null(stored.Reading);
    }

    [Fact]
    public async Task List_FiltersByStatusAndLender()
    {
        var lender = NewLender();
        var open = Make(lender, "in-1", At);
        var toClose = Make(lender, "in-2", At.AddMinutes(1), FollowUpKind.PlanRequest);
        await store.TryCreateAsync(open);
        await store.TryCreateAsync(toClose);
        await store.TryCreateAsync(Make(NewLender(), "in-3", At));
        var stored = (await store.GetAsync(lender, toClose.Id))!;
        Assert.True(await store.TryUpdateAsync(stored with { Status = FollowUpStatus.Closed, ClosedAt = At.AddHours(1) }));

        var openIds = await ToListAsync(store.ListAsync(lender, FollowUpStatus.Open));
        var all = await ToListAsync(store.ListAsync(lender, null));

        Assert.Equal([open.Id], openIds.Select(f => f.Id));
        Assert.Equal([open.Id, toClose.Id], all.Select(f => f.Id));
    }

    [Fact]
    public async Task TryUpdate_StaleETag_ReturnsFalse()
    {
        var lender = NewLender();
        var followUp = Make(lender, "in-1", At);
        await store.TryCreateAsync(followUp);
        var first = (await store.GetAsync(lender, followUp.Id))!;
        Assert.True(await store.TryUpdateAsync(first with { Status = FollowUpStatus.Closed }));

        Assert.False(await store.TryUpdateAsync(first with { Text = null }));
    }

    [Fact]
    public async Task ListCreatedBetween_ReadsOnlyTheWindow()
    {
        var lender = NewLender();
        await store.TryCreateAsync(Make(lender, "a", At.AddDays(-1)));
        await store.TryCreateAsync(Make(lender, "b", At));
        await store.TryCreateAsync(Make(lender, "c", At.AddDays(1)));

        var inWindow = await ToListAsync(store.ListCreatedBetweenAsync(lender, At, At.AddDays(1)));

        Assert.Equal([FollowUpIds.For(At, "b")], inWindow.Select(f => f.Id));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
