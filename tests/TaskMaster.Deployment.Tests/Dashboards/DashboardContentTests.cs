using System.Text.Json.Nodes;

namespace TaskMaster.Deployment.Tests.Dashboards;

/// <summary>What makes a dashboard of the chart work in any Prometheus and Grafana: its variables, its queries' filters, its identity.</summary>
public sealed class DashboardContentTests
{
    public static TheoryData<string> Dashboards => [.. DashboardFiles.Names];

    [Fact]
    public void Dashboards_TheFourOfExecutionMonitoring_EachWithAUidOfItsOwn()
    {
        var dashboards = DashboardFiles.Names.Select(Load).ToList();

        Assert.Equal(
            ["TaskMaster / Execution overview", "TaskMaster / Historical analysis", "TaskMaster / Resources", "TaskMaster / System health"],
            dashboards.Select(d => (string)d["title"]!).Order(StringComparer.Ordinal));
        Assert.Equal(dashboards.Count, dashboards.Select(d => (string)d["uid"]!).Distinct().Count());
        Assert.All(dashboards, d => Assert.Null(d["id"]));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_HasDatasourceNamespaceAndJobVariables_AndEveryPanelQueriesThroughTheDatasourceVariable(string name)
    {
        var dashboard = Load(name);

        var variables = dashboard["templating"]!["list"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        Assert.Equal("datasource", (string)variables["datasource"]["type"]!);
        Assert.Equal("prometheus", (string)variables["datasource"]["query"]!);
        Assert.True((bool)variables["namespace"]["includeAll"]! && (bool)variables["job"]["includeAll"]!, "namespace and job offer All");
        Assert.All(Panels(dashboard).Where(p => p["targets"] is not null), panel =>
        {
            Assert.Equal("${datasource}", (string)panel["datasource"]!["uid"]!);
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal("${datasource}", (string)t!["datasource"]!["uid"]!));
        });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryQueryOfATaskMasterSeriesIsFilteredByNamespaceAndJob_AndEveryPanelSaysWhatItAnswers(string name)
    {
        var panels = Panels(Load(name)).Where(p => (string?)p["type"] != "row").ToList();

        Assert.All(panels, p => Assert.False(string.IsNullOrWhiteSpace((string?)p["description"] ?? (string?)p["options"]?["content"]), (string?)p["title"]));
        var queries = panels.SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!).ToList();
        Assert.NotEmpty(queries);
        // ALERTS is Prometheus's own series of the rules' alerts: it carries the alert's labels, not the scrape's.
        Assert.All(queries.Where(q => !q.Contains("ALERTS{", StringComparison.Ordinal)), q =>
            Assert.True(q.Contains("namespace=~\"$namespace\", job=~\"$job\"", StringComparison.Ordinal), q));
    }

    private static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(DashboardFiles.DashboardsFolder, name)))!;

    private static IEnumerable<JsonNode> Panels(JsonNode dashboard) =>
        dashboard["panels"]!.AsArray().SelectMany(p => new[] { p! }.Concat(p!["panels"]?.AsArray().Select(n => n!) ?? []));
}
