namespace Dunning.AcsEmulator;

/// <summary>A message the emulator accepted for delivery: exactly one entry per real send.</summary>
public sealed record DeliveredSms(
    string MessageId,
    string From,
    string To,
    string Text,
    string? RepeatabilityRequestId,
    string? Tag,
    DateTimeOffset AcceptedAt);
