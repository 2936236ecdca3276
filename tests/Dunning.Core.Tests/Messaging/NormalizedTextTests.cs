using Dunning.Core.Messaging;

namespace Dunning.Core.Tests.Messaging;

public sealed class NormalizedTextTests
{
    [Theory]
    [InlineData("Call the ＰＯＬＩＣＥ now", "call the police now", "police", "ＰＯＬＩＣＥ")]
    [InlineData("the p.o.l.i.c.e!", "the police!", "police", "p.o.l.i.c.e")]
    [InlineData("go to  J A I L", "go to jail", "jail", "J A I L")]
    [InlineData("让你坐 牢", "让你坐牢", "坐牢", "坐 牢")]
    [InlineData("全 网*曝 光", "全网曝光", "全网曝光", "全 网*曝 光")]
    [InlineData("the p\u043elice", "the police", "police", "p\u043elice")]
    [InlineData("pólice", "police", "police", "pólice")]
    [InlineData("公\u200b安", "公安", "公安", "公\u200b安")]
    [InlineData("we won\u2019t", "we won't", "won't", "won\u2019t")]
    public void From_Evasions_NormalizeAndMapBackToTheOriginal(string original, string normalized, string found, string quoted)
    {
        var text = NormalizedText.From(original);

        Assert.Equal(normalized, text.Text);
        Assert.Equal(quoted, text.Original(text.Text.IndexOf(found, StringComparison.Ordinal), found.Length));
    }

    [Fact]
    public void From_OrdinaryWordsAndClausePunctuation_StayApart()
    {
        var text = NormalizedText.From("A b, we will call. 不会，上门");

        Assert.Equal("a b, we will call. 不会,上门", text.Text);
    }
}
