using Dunning.Core.Lenders;

namespace Dunning.Core.Events;

/// <summary>Plain zh-CN / en auto-replies built from the lender's settings.</summary>
public sealed class DefaultReplyTexts : IReplyTexts
{
    public string Compose(ReplyKind kind, string language, LenderSettings lender)
    {
        var chinese = Languages.Normalize(language) != Languages.English;
        var brand = lender.BrandFor(chinese ? Languages.Chinese : Languages.English);
        var hotline = lender.Hotline;
        var payMethod = lender.PayMethods.TryGetValue(chinese ? Languages.Chinese : Languages.English, out var method) ? method : null;
        var planWay = lender.PlanLink ?? hotline;
        return (kind, chinese) switch
        {
            (ReplyKind.OptOutConfirmed, true) => $"【{brand}】您已退订短信提醒，我们不会再向此号码发送短信。如需恢复，请回复START。",
            (ReplyKind.OptOutConfirmed, false) => $"{brand}: You are unsubscribed and will get no more texts from us. Reply START to resubscribe.",
            (ReplyKind.OptInConfirmed, true) => $"【{brand}】您已恢复接收短信提醒。回复TD退订。",
            (ReplyKind.OptInConfirmed, false) => $"{brand}: You will receive our text reminders again. Reply STOP to opt out.",
            (ReplyKind.Help, true) => $"【{brand}】客服热线{hotline}。还款方式：{payMethod ?? "请致电客服"}{(lender.PayLink is null ? "" : " " + lender.PayLink)}。回复TD退订。",
            (ReplyKind.Help, false) => $"{brand}: Call {hotline}. To pay: {payMethod ?? "call us"}{(lender.PayLink is null ? "" : " " + lender.PayLink)}. Reply STOP to opt out.",
            (ReplyKind.PaidAcknowledged, true) => $"【{brand}】收到，我们将核实您的还款，核实期间暂停提醒。如有疑问请致电{hotline}。回复TD退订。",
            (ReplyKind.PaidAcknowledged, false) => $"{brand}: Thank you. We will check your payment and pause reminders meanwhile. Questions: {hotline}. Reply STOP to opt out.",
            (ReplyKind.PlanOffered, true) => $"【{brand}】已收到您的协商请求，工作人员将与您联系，也可通过{planWay}办理。回复TD退订。",
            (ReplyKind.PlanOffered, false) => $"{brand}: We got your request for a plan. Our staff will contact you, or use {planWay}. Reply STOP to opt out.",
            (ReplyKind.WrongNumberAcknowledged, true) => $"【{brand}】抱歉打扰，我们不会再向此号码发送短信。",
            (ReplyKind.WrongNumberAcknowledged, false) => $"{brand}: Sorry to bother you. We will not text this number again.",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
