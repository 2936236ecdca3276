using System.Text;
using Dunning.Core.Tests.Events.Fakes;
using FsCheck;
using FsCheck.Fluent;

namespace Dunning.Core.Tests.Events;

/// <summary>
/// Whatever arrives, the answer is 200 or 400 (or 413): a body never makes the handler throw. A changed byte inside
/// the report's message id names a message not recorded yet, which is the one 503 (Event Grid retries it).
/// </summary>
public sealed class SmsEventsHandlerFuzzTests
{
    private static readonly string Valid = Payloads.EventGridBatch(
        Payloads.DeliveryReport("d-1", EventsHarness.ReminderMessageId, "Delivered", new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero)),
        Payloads.SmsReceived("r-1", "Incoming_1", EventsHarness.BorrowerPhone, EventsHarness.SenderId, "已还", new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void HandleAsync_RandomBytes_NeverThrows()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => Answer(bytes) is 200 or 400).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void HandleAsync_TruncatedValidBody_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        Prop.ForAll(Gen.Choose(1, bytes.Length - 1).ToArbitrary(), cut => Answer(bytes[..cut]) == 400).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void HandleAsync_ValidBodyWithOneByteChanged_NeverThrows()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        var mutations = Gen.Choose(0, bytes.Length - 1).Zip(Gen.Elements<byte>((byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'1', (byte)'n', 0x00, 0xFF, 0xC3));
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var copy = (byte[])bytes.Clone();
            copy[m.Item1] = m.Item2;
            return Answer(copy) is 200 or 400 or 503;
        }).QuickCheckThrowOnFailure();
    }

    private static int Answer(byte[] body)
    {
        var harness = new EventsHarness();
        var call = new HttpCall("POST", new Dictionary<string, string>(), new MemoryStream(body), body.Length);
        return harness.Handler.HandleAsync(call).GetAwaiter().GetResult().StatusCode;
    }
}
