using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

public sealed class IntentMatcherTests
{
    [Theory]
    [InlineData("STOP", ReplyIntent.OptOut)]
    [InlineData("stop", ReplyIntent.OptOut)]
    [InlineData("ＳＴＯＰ", ReplyIntent.OptOut)]
    [InlineData(" Stop! ", ReplyIntent.OptOut)]
    [InlineData("StopAll", ReplyIntent.OptOut)]
    [InlineData("unsubscribe.", ReplyIntent.OptOut)]
    [InlineData("Cancel", ReplyIntent.OptOut)]
    [InlineData("end", ReplyIntent.OptOut)]
    [InlineData("QUIT", ReplyIntent.OptOut)]
    [InlineData("revoke", ReplyIntent.OptOut)]
    [InlineData("Opt out", ReplyIntent.OptOut)]
    [InlineData("opt-out", ReplyIntent.OptOut)]
    [InlineData("退订", ReplyIntent.OptOut)]
    [InlineData("td", ReplyIntent.OptOut)]
    [InlineData("ＴＤ", ReplyIntent.OptOut)]
    [InlineData("t", ReplyIntent.OptOut)]
    [InlineData("取消", ReplyIntent.OptOut)]
    [InlineData("请不要再发了！", ReplyIntent.OptOut)]
    [InlineData("我要退订。", ReplyIntent.OptOut)]
    [InlineData("START", ReplyIntent.OptIn)]
    [InlineData("unstop", ReplyIntent.OptIn)]
    [InlineData("HELP", ReplyIntent.Help)]
    [InlineData("ｈｅｌｐ", ReplyIntent.Help)]
    [InlineData("Info", ReplyIntent.Help)]
    [InlineData("帮助", ReplyIntent.Help)]
    [InlineData("?", ReplyIntent.Help)]
    [InlineData("？", ReplyIntent.Help)]
    [InlineData("PAID", ReplyIntent.Paid)]
    [InlineData("Paid.", ReplyIntent.Paid)]
    [InlineData("已还", ReplyIntent.Paid)]
    [InlineData("已还款", ReplyIntent.Paid)]
    [InlineData("还了", ReplyIntent.Paid)]
    [InlineData("我已经还了", ReplyIntent.Paid)]
    [InlineData("PLAN", ReplyIntent.Plan)]
    [InlineData("ｐｌａｎ", ReplyIntent.Plan)]
    [InlineData("分期", ReplyIntent.Plan)]
    [InlineData("能协商吗", ReplyIntent.Plan)]
    [InlineData("延期", ReplyIntent.Plan)]
    [InlineData("最近困难", ReplyIntent.Plan)]
    [InlineData("这个月还不上", ReplyIntent.Plan)]
    [InlineData("WRONG", ReplyIntent.WrongNumber)]
    [InlineData("Wrong number", ReplyIntent.WrongNumber)]
    [InlineData("我不是本人", ReplyIntent.WrongNumber)]
    [InlineData("你打错了", ReplyIntent.WrongNumber)]
    [InlineData("错号", ReplyIntent.WrongNumber)]
    [InlineData("when is my payment due", ReplyIntent.Other)]
    [InlineData("stop calling me maybe", ReplyIntent.Other)]
    [InlineData("好的", ReplyIntent.Other)]
    [InlineData("", ReplyIntent.Other)]
    [InlineData("   ", ReplyIntent.Other)]
    public void Match_ReadsPhrasesAfterNormalising(string message, ReplyIntent expected) =>
        Assert.Equal(expected, IntentMatcher.Default.Match(message));

    [Theory]
    [InlineData("已还款，别再发了，退订")]
    [InlineData("打错了，取消")]
    [InlineData("还不上，不要再发")]
    public void Match_OptOutWinsOverEverything(string message) =>
        Assert.Equal(ReplyIntent.OptOut, IntentMatcher.Default.Match(message));

    [Fact]
    public void Match_UsesTheTableItIsGiven()
    {
        var table = IntentTable.Parse("""{"intents":[{"intent":"Help","phrases":[{"text":"AIDE","match":"exact"}]}]}""");

        var matcher = new IntentMatcher(table);

        Assert.Equal(ReplyIntent.Help, matcher.Match("Aide!"));
        Assert.Equal(ReplyIntent.Other, matcher.Match("STOP"));
    }

    [Fact]
    public void Normalize_FoldsWidthCaseAndPunctuation() =>
        Assert.Equal("OPTOUT", IntentMatcher.Normalize("　Ｏｐｔ－ｏｕｔ！"));
}
