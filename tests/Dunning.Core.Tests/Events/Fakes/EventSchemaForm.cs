namespace Dunning.Core.Tests.Events.Fakes;

/// <summary>The envelope of a test body; <see cref="PayloadForms"/> also varies the data keys' case and the +.</summary>
public enum EventSchemaForm
{
    EventGrid,
    CloudEvents,
}
