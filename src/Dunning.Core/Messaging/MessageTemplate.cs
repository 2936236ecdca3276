namespace Dunning.Core.Messaging;

/// <summary>A template's text and where it came from: id and version go into the outbox message and the report.</summary>
public sealed record MessageTemplate(string Id, string Version, string Name, string Language, string Text, bool IsDefault);
