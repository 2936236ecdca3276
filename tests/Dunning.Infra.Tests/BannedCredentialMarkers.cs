namespace Dunning.Infra.Tests;

/// <summary>Text that appears in storage or ACS credentials, or in the ARM functions that read them.</summary>
internal static class BannedCredentialMarkers
{
    public static readonly string[] All =
    [
        "AccountKey=",
        "accesskey=",
        "SharedAccessSignature",
        "SharedAccessKey",
        "listKeys(",
        "listConnectionStrings(",
        "listAccountSas(",
        "listServiceSas(",
    ];
}
