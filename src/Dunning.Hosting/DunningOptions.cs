using System.ComponentModel.DataAnnotations;

namespace Dunning.Hosting;

/// <summary>Settings under "Dunning" (app settings Dunning__*), the same keys in Azure and locally.</summary>
public sealed class DunningOptions
{
    public const string Section = "Dunning";

    /// <summary>HMAC key for phone-number keys. A secret: Key Vault reference in Azure, user secrets locally.</summary>
    [Required, MinLength(16)]
    public string PhoneHashSecret { get; set; } = "";

    [Range(1, 100)]
    public int ShardCount { get; set; } = 16;
}

/// <summary>Settings under "Acs": a connection string (emulator) or an endpoint used with the app's identity.</summary>
public sealed class AcsOptions
{
    public const string Section = "Acs";

    public string? ConnectionString { get; set; }

    public Uri? Endpoint { get; set; }

    /// <summary>Client id of the user-assigned identity; defaults to AzureWebJobsStorage__clientId (the app's one identity).</summary>
    public string? ClientId { get; set; }

    /// <summary>Numbers bought for the platform; each lender lists the ones it sends from in its settings.</summary>
    public List<string> SenderIds { get; set; } = [];
}
