namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

public static class KnownBindingCapabilities
{
    public const string FunctionLevelRetry = "FunctionLevelRetry";
}
