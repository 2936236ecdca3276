namespace Dunning.Core.Events;

/// <summary>How a phrase must appear in a reply to count.</summary>
public enum PhraseMatch
{
    /// <summary>The phrase is a whole clause once polite words and repeats are set aside ("STOP 谢谢", "退订！！").</summary>
    Whole,

    /// <summary>The phrase appears inside a clause and says the intent on its own ("stop messaging me", "别再发").</summary>
    Phrase,

    /// <summary>A single word inside a sentence that usually carries the intent; the reading is marked doubtful.</summary>
    Keyword,
}
