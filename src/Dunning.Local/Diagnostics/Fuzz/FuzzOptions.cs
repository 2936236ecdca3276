namespace Dunning.Local.Diagnostics.Fuzz;

public sealed class FuzzOptions
{
    /// <summary>Mutated CSV uploads (two schedules to one payments file); as many Event Grid bodies are posted.</summary>
    public int Files { get; set; } = 1000;

    public int Seed { get; set; } = 11;

    public string? StorageConnectionString { get; set; }

    public string ArtifactsDirectory { get; set; } = "artifacts";
}
