namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Class)]
public sealed class BindingCapabilitiesAttribute(params string[] capabilities) : Attribute
{
    public string[] Capabilities { get; } = capabilities;
}
