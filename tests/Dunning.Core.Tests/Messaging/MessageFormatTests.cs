using Dunning.Core.Lenders;
using Dunning.Core.Messaging;

namespace Dunning.Core.Tests.Messaging;

public sealed class MessageFormatTests
{
    [Theory]
    [InlineData(1234.5, "CNY", Languages.Chinese, "¥1,234.50")]
    [InlineData(1234.5, "USD", Languages.Chinese, "1,234.50 USD")]
    [InlineData(1234.5, "CNY", Languages.English, "CNY 1,234.50")]
    [InlineData(1234.5, "USD", Languages.English, "$1,234.50")]
    [InlineData(0.5, "CNY", Languages.English, "CNY 0.50")]
    public void Amount_FormatsPerLanguage(decimal amount, string currency, string language, string expected) =>
        Assert.Equal(expected, MessageFormat.Amount(Money.Of(amount, currency), language));

    [Theory]
    [InlineData(Languages.Chinese, "2026年11月30日")]
    [InlineData(Languages.English, "30 Nov 2026")]
    public void Date_FormatsPerLanguage(string language, string expected) =>
        Assert.Equal(expected, MessageFormat.Date(new DateOnly(2026, 11, 30), language));

    [Theory]
    [InlineData("张三", Languages.Chinese, "尊敬的张三客户")]
    [InlineData("Ann Lee", Languages.English, "Dear Ann")]
    [InlineData("  Ann   Marie Lee ", Languages.English, "Dear Ann")]
    [InlineData("张三", Languages.English, "Dear 张三")]
    public void Salutation_IsPoliteWithoutGuessingGender(string name, string language, string expected) =>
        Assert.Equal(expected, MessageFormat.Salutation(name, language));
}
