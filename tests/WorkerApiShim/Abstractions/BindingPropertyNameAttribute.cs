namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Property)]
public sealed class BindingPropertyNameAttribute(string bindingPropertyName) : Attribute
{
    public string BindingPropertyName { get; } = bindingPropertyName;
}
