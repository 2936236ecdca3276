namespace Microsoft.Azure.Functions.Worker;

public abstract class BindingContext
{
    /// <summary>Trigger metadata such as DequeueCount, route values and blob path tokens.</summary>
    public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
}
