namespace Microsoft.Azure.Functions.Worker;

/// <summary>The members of the worker's invocation context that a function might read; a subset, by design.</summary>
public abstract class FunctionContext
{
    public abstract string InvocationId { get; }

    public abstract string FunctionId { get; }

    public abstract BindingContext BindingContext { get; }

    public abstract IServiceProvider InstanceServices { get; set; }

    public abstract IDictionary<object, object> Items { get; set; }

    public virtual CancellationToken CancellationToken => CancellationToken.None;
}
