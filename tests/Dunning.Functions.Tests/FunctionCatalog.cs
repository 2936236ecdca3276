using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Dunning.Functions.Tests;

/// <summary>The [Function] methods of the real Functions app assembly, found by reflection.</summary>
internal static partial class FunctionCatalog
{
    public static IReadOnlyList<MethodInfo> Methods { get; } =
        typeof(HttpCallMapping).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(HttpCallMapping).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToList();

    public static string NameOf(MethodInfo method) => method.GetCustomAttribute<FunctionAttribute>()!.Name;

    public static MethodInfo Method(string functionName) => Methods.Single(m => NameOf(m) == functionName);

    public static IReadOnlyList<ParameterInfo> TriggerParameters(MethodInfo method) =>
        method.GetParameters().Where(p => p.GetCustomAttribute<TriggerBindingAttribute>() is not null).ToList();

    public static TTrigger Trigger<TTrigger>(string functionName)
        where TTrigger : TriggerBindingAttribute =>
        TriggerParameters(Method(functionName)).Single().GetCustomAttribute<TTrigger>()
            ?? throw new InvalidOperationException($"{functionName} has no {typeof(TTrigger).Name}.");

    /// <summary>The {tokens} of a blob path or route: each fills the parameter of the same name.</summary>
    public static IReadOnlyList<string> Tokens(string pattern) =>
        TokenPattern().Matches(pattern).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"\{\*{0,2}([^}:]+)(?::[^}]*)?\}")]
    private static partial Regex TokenPattern();
}
