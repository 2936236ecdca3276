using Dunning.Core.Messaging;
using Dunning.Core.Sending;

namespace Dunning.Core.Tests.Messaging;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData("", 0, 1)]
    [InlineData("Hello", 5, 1)]
    [InlineData("€", 2, 1)]
    [InlineData("{}[]~^|\\", 16, 1)]
    [InlineData("Price: €5 [net]", 18, 1)]
    public void Measure_Gsm7Text_CountsExtensionCharactersAsTwoSeptets(string text, int units, int segments)
    {
        var length = SmsSegments.Measure(text);

        Assert.Equal(TextEncoding.Gsm7, length.Encoding);
        Assert.Equal(units, length.Units);
        Assert.Equal(segments, length.Segments);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Measure_Gsm7Boundaries_Use160And153(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Measure(new string('a', length)).Segments);

    [Fact]
    public void Measure_EscapeAtPartBoundary_MovesWholeEscapeToNextPart()
    {
        // 152 plain septets then '€': the escape pair cannot straddle the 153-septet part, so 161 units need 2 parts
        // and the split still fits; 305 + '€' (307 units) needs a third part because the pair cannot split.
        Assert.Equal(2, SmsSegments.Measure(new string('a', 152) + "€" + new string('a', 7)).Segments);
        Assert.Equal(3, SmsSegments.Measure(new string('a', 152) + "€" + new string('a', 152)).Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Measure_ChineseText_IsUcs2With70And67(int length, int segments)
    {
        var length2 = SmsSegments.Measure(new string('还', length));

        Assert.Equal(TextEncoding.Ucs2, length2.Encoding);
        Assert.Equal(length, length2.Units);
        Assert.Equal(segments, length2.Segments);
    }

    [Fact]
    public void Measure_Emoji_CountsSurrogatePairAsTwoUnits()
    {
        var length = SmsSegments.Measure("Thanks 😊");

        Assert.Equal(TextEncoding.Ucs2, length.Encoding);
        Assert.Equal(9, length.Units);
    }

    [Fact]
    public void Measure_SurrogatePairAtPartBoundary_IsNotSplit()
    {
        // 66 units + an emoji = 68 units in part one would overflow 67: the pair moves whole to part two.
        var text = new string('a', 66) + "😊" + new string('a', 5);

        var length = SmsSegments.Measure(text);

        Assert.Equal(73, length.Units);
        Assert.Equal(2, length.Segments);
        Assert.Equal(3, SmsSegments.Measure(new string('a', 66) + "😊" + new string('a', 66)).Segments);
    }

    [Fact]
    public void Measure_OneNonGsmCharacter_SwitchesWholeTextToUcs2() =>
        Assert.Equal(TextEncoding.Ucs2, SmsSegments.Measure("Dear Ann, you owe ¢5").Encoding);
}
