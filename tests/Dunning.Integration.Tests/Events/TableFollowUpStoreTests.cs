using Dunning.Core.FollowUps;
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
