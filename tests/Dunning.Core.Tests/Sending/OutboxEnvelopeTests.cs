using System.Text.Json;
using Dunning.Core.Sending;
using Dunning.Core.Serialization;

namespace Dunning.Core.Tests.Sending;

public sealed class OutboxEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2031, 1, 15, 3, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Message(int i, string text = "【Acme】王芳您好，您的借款 880.00 元将于 1月18日 到期。") => new()
    {
        JobId = $"acme:L{i}:1:T-3",
        LenderId = "acme",
        BorrowerId = $"B{i}",
        BorrowerKey = $"hash-{i}",
        To = $"+86138{i:D8}",
        Text = text,
        Encoding = TextEncoding.Ucs2,
        Segments = 1,
        Stage = "T-3",
        TemplateId = "t-3",
        TemplateVersion = "1",
        Kind = MessageKind.Scheduled,
        LoanId = $"L{i}",
        InstallmentNo = 1,
        EarliestSendAt = Now,
        LatestSendAt = Now.AddDays(1),
        BorrowerTimeZone = "Asia/Shanghai",
        InstallmentDueDate = new DateOnly(2031, 1, 18),
        PhoneETag = "W/\"datetime'2031-01-15T03%3A00%3A00Z'\"",
        PhoneCaps = [],
    };

    [Fact]
    public void Pack_FortyMessages_SixteenToAQueueMessageInOrder()
    {
        var messages = Enumerable.Range(0, 40).Select(i => Message(i)).ToList();

        var bodies = OutboxEnvelope.Pack(messages);

        Assert.Equal([16, 16, 8], bodies.Select(b => OutboxEnvelope.Read(b).Count));
        Assert.Equal(messages.Select(m => m.JobId), bodies.SelectMany(OutboxEnvelope.Read).Select(m => m.JobId));
        Assert.Equal(messages, bodies.SelectMany(OutboxEnvelope.Read), new MessageJsonComparer());
    }

    [Fact]
    public void Pack_OneMessage_KeepsTheSingleShapeEveryConsumerReads()
    {
        var message = Message(1);

        var body = Assert.Single(OutboxEnvelope.Pack([message]));

        Assert.Equal(QueueJson.Serialize(message), body);
        Assert.Equal(message.JobId, QueueJson.Deserialize<OutboxMessage>(body).JobId);
    }

    [Fact]
    public void Pack_LongTexts_NoBodyPassesTheLengthLimit()
    {
        // Long Chinese texts escape to six characters each: a few of them fill a queue message.
        var messages = Enumerable.Range(0, 20).Select(i => Message(i, new string('还', 1_500))).ToList();

        var bodies = OutboxEnvelope.Pack(messages);

        Assert.True(bodies.Count > 2, $"{bodies.Count} bodies");
        Assert.All(bodies, b => Assert.True(b.Length <= OutboxEnvelope.MaxQueueMessageLength, $"{b.Length} characters"));
        Assert.Equal(20, bodies.Sum(b => OutboxEnvelope.Read(b).Count));
    }

    [Fact]
    public void Pack_AMessageLongerThanTheLimit_GoesAloneRatherThanBeingDropped()
    {
        var huge = Message(0, new string('还', 8_000));

        var bodies = OutboxEnvelope.Pack([Message(1), huge, Message(2)]);

        Assert.Equal(3, bodies.Count);
        Assert.Equal(huge.JobId, OutboxEnvelope.Read(bodies[1]).Single().JobId);
    }

    [Fact]
    public void Pack_Nothing_NoBodies() => Assert.Empty(OutboxEnvelope.Pack([]));

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"messages\":[]}")]
    [InlineData("{\"messages\":null}")]
    [InlineData("{\"messages\":[{\"jobId\":\"acme:L1:1:T-3\"}]}")]
    public void Read_ABodyThatIsNeitherShape_Throws(string body) =>
        Assert.ThrowsAny<JsonException>(() => OutboxEnvelope.Read(body));

    /// <summary>Records holding lists compare by reference; their JSON says whether they round-tripped.</summary>
    private sealed class MessageJsonComparer : IEqualityComparer<OutboxMessage>
    {
        public bool Equals(OutboxMessage? x, OutboxMessage? y) => QueueJson.Serialize(x) == QueueJson.Serialize(y);

        public int GetHashCode(OutboxMessage obj) => QueueJson.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }
}
