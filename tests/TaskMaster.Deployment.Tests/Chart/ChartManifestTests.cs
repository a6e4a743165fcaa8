namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>
/// Every manifest the chart renders, in every scenario, is what a current API server admits: loaded
/// strictly as its Kubernetes type, valid against kubernetes-models' schemas, and every pod under the
/// restricted Pod Security Standard (checked by @monokle/validation). The checkers are shown to
/// refuse a bad manifest too, so a green result means something.
/// </summary>
public sealed class ChartManifestTests
{
    [Theory]
    [MemberData(nameof(ChartScenarios.All), MemberType = typeof(ChartScenarios))]
    public async Task Render_Scenario_LoadsStrictlyAsKubernetesTypes(string scenario)
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync(ChartScenarios.Arguments(chart, scenario)));

        Assert.NotEmpty(manifests.Typed);
        Assert.Contains(manifests.Typed, o => o is k8s.Models.V1Deployment);
    }

    [Theory]
    [MemberData(nameof(ChartScenarios.All), MemberType = typeof(ChartScenarios))]
    public async Task Render_Scenario_ValidAgainstKubernetesModels(string scenario)
    {
        using var chart = new ChartCopy();
        var rendered = Path.Combine(chart.Folder, "..", "rendered.yaml");
        File.WriteAllText(rendered, await chart.RenderAsync(ChartScenarios.Arguments(chart, scenario)));

        var result = await ChartTools.NodeScriptAsync("validate-models.mjs", rendered);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"validated \d+ manifests", result.Output);
    }

    [Theory]
    [MemberData(nameof(ChartScenarios.All), MemberType = typeof(ChartScenarios))]
    public async Task Render_Scenario_EveryPodMeetsRestrictedPodSecurityStandard(string scenario)
    {
        using var chart = new ChartCopy();
        var yaml = await chart.RenderAsync(ChartScenarios.Arguments(chart, scenario));
        var rendered = Path.Combine(chart.Folder, "..", "rendered.yaml");
        File.WriteAllText(rendered, yaml);
        var pods = RenderedManifests.Load(yaml).PodSpecs().Count();

        var result = await ChartTools.NodeScriptAsync("check-pss.mjs", rendered);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"checked {pods} pod specs", result.Output);
    }

    [Fact]
    public void StrictLoad_UnknownField_IsRefusedNamingIt()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            bogusField: 1
            """;

        var error = Assert.Throws<InvalidOperationException>(() => RenderedManifests.Load(yaml));

        Assert.Contains("bogusField", error.Message);
    }

    [Fact]
    public async Task ModelValidation_WrongTypeAndBadEnum_AreRefused()
    {
        var result = await CheckBadManifestsAsync("validate-models.mjs");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Deployment bad: /spec/replicas must be integer", result.Output);
        Assert.Contains("Service bad: /spec/ports/0/protocol must be equal to one of the allowed values", result.Output);
    }

    [Fact]
    public async Task PodSecurityCheck_PrivilegedRootPod_IsRefusedByEachRestrictedRule()
    {
        var result = await CheckBadManifestsAsync("check-pss.mjs");

        Assert.Equal(1, result.ExitCode);
        foreach (var rule in new[] { "PSS103", "PSS202", "PSS203", "PSS205", "PSS206" })
            Assert.Contains($"{rule} bad.deployment@", result.Output);
    }

    // A Deployment with a privileged root container and a replica count that is not a number, and a Service with a bad protocol.
    private static async Task<ToolResult> CheckBadManifestsAsync(string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"taskmaster-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: bad}
            spec:
              replicas: "two"
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: c
                      image: x
                      securityContext: {privileged: true}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: bad}
            spec:
              ports: [{port: 80, protocol: TCPX}]
            """);
        try
        {
            return await ChartTools.NodeScriptAsync(script, file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
