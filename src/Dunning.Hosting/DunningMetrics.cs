namespace Dunning.Hosting;

public static class DunningMetrics
{
    public const string MeterName = "Dunning";
}
