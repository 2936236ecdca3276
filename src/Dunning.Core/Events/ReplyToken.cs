namespace Dunning.Core.Events;

/// <summary>
/// One word of a reply: a Latin word or number (lower case, apostrophes dropped) or one CJK character.
/// <see cref="Capitalized"/> marks a word written like a name ("John"), for the wrong-number phrases;
/// <see cref="InCapitals"/> a word written all in capitals ("JOHN", "RIGHT"), whose case says nothing of a name.
/// </summary>
public readonly record struct ReplyToken(string Text, bool Capitalized, bool InCapitals = false);
