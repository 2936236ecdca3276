namespace Dunning.Core.Events;

/// <summary>Why a reading is not certain. Any doubt sends the reply's text to staff as a follow-up.</summary>
[Flags]
public enum ReplyDoubt
{
    None = 0,

    /// <summary>The deciding word stood alone inside a sentence ("I said stop already").</summary>
    KeywordInSentence = 1,

    /// <summary>The deciding phrase sat in a question ("can I pay later?").</summary>
    Question = 2,

    /// <summary>A phrase of a weightier intent was negated ("don't stop the reminders").</summary>
    Negated = 4,

    /// <summary>A word of a weightier intent meant something else here ("stop a payment").</summary>
    Masked = 8,

    /// <summary>The reply asked for more than one thing ("paid, now stop texting"; "help me with a plan").</summary>
    Mixed = 16,

    /// <summary>
    /// A word written in capitals was read as a name ("THIS ISN'T JOHN"): capitals say nothing of names, so only the
    /// reader's vocabulary told it from an ordinary word.
    /// </summary>
    NameInCapitals = 32,
}
