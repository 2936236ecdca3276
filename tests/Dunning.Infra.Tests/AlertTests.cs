namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class AlertTests(BicepTemplates templates)
{
    private ArmTemplate Module => templates.Main.ModuleDeclaring("Microsoft.Insights/actionGroups");

    private ArmResource LogAlert(string query) =>
        Assert.Single(
            Module.Resources.Where(r => r.Type == "Microsoft.Insights/scheduledQueryRules"),
            r => r.Properties["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>() == $"[variables('{query}')]");

    [Fact]
    public void PoisonMessages_RaiseAnAlertPerQueue()
    {
        var alert = LogAlert("poisonQuery");
        var query = Module.Variables["poisonQuery"]!.GetValue<string>();
        Assert.Contains("-poison", query);
        Assert.Contains("summarize poisoned = count() by queue", query);
        var criterion = alert.Properties["criteria"]!["allOf"]![0]!;
        Assert.Equal("queue", criterion["dimensions"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("GreaterThan", criterion["operator"]!.GetValue<string>());
        Assert.Equal(0, criterion["threshold"]!.GetValue<int>());
    }

    [Fact]
    public void FailedSends_AboveTheThreshold_RaiseAnAlert()
    {
        var alert = LogAlert("failedSendsQuery");
        Assert.Contains("== \"SendFailed\"", Module.Variables["failedSendsQuery"]!.GetValue<string>());
        var criterion = alert.Properties["criteria"]!["allOf"]![0]!;
        Assert.Equal("[parameters('failedSendsPerHourThreshold')]", criterion["threshold"]!.GetValue<string>());
        Assert.Equal("PT1H", alert.Properties["windowSize"]!.GetValue<string>());
    }

    [Fact]
    public void TemplateRejections_MoreThanAFewPerLenderAndStage_RaiseAnAlert()
    {
        var alert = LogAlert("templateRejectionsQuery");
        var query = Module.Variables["templateRejectionsQuery"]!.GetValue<string>();
        Assert.Contains($"name == \"{Dunning.Core.Messaging.MessageMetrics.TemplateRejections}\"", query);
        Assert.Contains("summarize rejected = sum(valueSum) by lender, stage", query);
        var criterion = alert.Properties["criteria"]!["allOf"]![0]!;
        Assert.Equal(["lender", "stage"], criterion["dimensions"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal("rejected", criterion["metricMeasureColumn"]!.GetValue<string>());
        Assert.Equal("GreaterThan", criterion["operator"]!.GetValue<string>());
        Assert.Equal("[parameters('templateRejectionsPerHourThreshold')]", criterion["threshold"]!.GetValue<string>());
        Assert.Equal("PT1H", alert.Properties["windowSize"]!.GetValue<string>());
        Assert.Equal(3, Module.Parameters["templateRejectionsPerHourThreshold"]!["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public void FailedFunctionExecutions_RaiseAMetricAlert()
    {
        var alert = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Insights/metricAlerts");
        var criterion = alert.Properties["criteria"]!["allOf"]![0]!;
        Assert.Equal("requests/failed", criterion["metricName"]!.GetValue<string>());
        Assert.Equal("Count", criterion["timeAggregation"]!.GetValue<string>());
        Assert.Equal("[parameters('failedExecutionsThreshold')]", criterion["threshold"]!.GetValue<string>());
        Assert.Equal("[parameters('appInsightsId')]", Assert.Single(alert.Properties["scopes"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public void EveryAlert_NotifiesTheActionGroup()
    {
        var group = Assert.Single(Module.Resources, r => r.Type == "Microsoft.Insights/actionGroups");
        var groupId = $"resourceId('Microsoft.Insights/actionGroups', {group.Name.Trim('[', ']')})";
        var alerts = Module.Resources.Where(r => r.Type is "Microsoft.Insights/scheduledQueryRules" or "Microsoft.Insights/metricAlerts").ToList();
        Assert.Equal(4, alerts.Count);
        Assert.All(alerts, a => Assert.Contains(groupId, a.Properties["actions"]!.ToRawJson(), StringComparison.OrdinalIgnoreCase));
    }
}
