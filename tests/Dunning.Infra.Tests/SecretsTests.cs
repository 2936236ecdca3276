namespace Dunning.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class SecretsTests(BicepTemplates templates)
{
    public static TheoryData<string> Entries => ["main", "events"];

    private ArmTemplate Entry(string name) => name == "main" ? templates.Main : templates.Events;

    [Fact]
    public void Templates_BuildWithoutDiagnostics() =>
        Assert.True(string.IsNullOrWhiteSpace(templates.Diagnostics), templates.Diagnostics);

    [Fact]
    public void MainTemplate_ReadsNoKeyConnectionStringOrSas()
    {
        var text = templates.Main.Root.ToRawJson();
        Assert.All(BannedCredentialMarkers.All, marker => Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Outputs_ContainNoKeyOrSecureValue(string entry)
    {
        foreach (var template in Entry(entry).SelfAndDescendants)
        {
            var secureParameters = template.Parameters
                .Where(p => p.Value!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase))
                .Select(p => $"parameters('{p.Key}')")
                .ToList();
            foreach (var (name, output) in template.Outputs)
            {
                var text = output!.ToRawJson();
                Assert.DoesNotContain("securestring", output!["type"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
                Assert.All(BannedCredentialMarkers.All, marker => Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase));
                Assert.All(secureParameters, reference => Assert.DoesNotContain(reference, text, StringComparison.Ordinal));
                Assert.DoesNotContain("Secret", name, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void SecureParameters_HaveNoDefaults()
    {
        var secure = templates.Main.SelfAndDescendants.Concat(templates.Events.SelfAndDescendants)
            .SelectMany(t => t.Parameters)
            .Where(p => p.Value!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.NotEmpty(secure);
        Assert.All(secure, p => Assert.Null(p.Value!["defaultValue"]));
    }

    [Fact]
    public void ParametersFile_MapsAzdVariablesAndHoldsNoSecretValue()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(templates.InfraFile("main.parameters.json")))!["parameters"]!.AsObject();
        Assert.Equal("${AZURE_ENV_NAME}", parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", parameters["principalId"]!["value"]!.GetValue<string>());

        // A secure value may only arrive from the azd environment, never as a literal in the repo.
        var secret = parameters["phoneHashSecret"]!["value"]!.GetValue<string>();
        Assert.Matches(@"^\$\{[A-Z_]+\}$", secret);

        foreach (var (name, _) in parameters)
        {
            Assert.True(templates.Main.Parameters.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare.");
        }
    }
}
