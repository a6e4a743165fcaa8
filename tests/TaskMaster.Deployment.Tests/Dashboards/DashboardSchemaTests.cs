using System.Text.Json.Nodes;

namespace TaskMaster.Deployment.Tests.Dashboards;

/// <summary>Every dashboard of the chart type-checks against Grafana's published dashboard schema; one that does not is refused.</summary>
public sealed class DashboardSchemaTests
{
    // One tsc run for every dashboard (each costs seconds); each theory case reads its own file's errors.
    private static readonly Lazy<Task<ToolResult>> Checked = new(() => GrafanaSchemaCheck.CheckAsync(
        DashboardFiles.Names.ToDictionary(name => name, name => File.ReadAllText(Path.Combine(DashboardFiles.DashboardsFolder, name)))));

    public static TheoryData<string> Dashboards => [.. DashboardFiles.Names];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Dashboard_TypeChecksAgainstGrafanaSchemaDashboard(string name)
    {
        var result = await Checked.Value;
        var output = result.Printed;

        var errors = output.Split('\n').Where(line => line.StartsWith(Path.ChangeExtension(name, ".ts") + "(", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.True(result.Succeeded, output);
    }

    [Fact]
    public async Task Dashboard_WithAFieldPanelsDoNotHave_IsRefusedNamingIt()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DashboardFiles.DashboardsFolder, DashboardFiles.Names[0])))!;
        dashboard["panels"]!.AsArray().First(p => (string?)p!["type"] != "row")!["colour"] = "red";

        var result = await GrafanaSchemaCheck.CheckAsync(new Dictionary<string, string> { ["bad.json"] = dashboard.ToJsonString() });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bad.ts(", result.Printed, StringComparison.Ordinal);
        Assert.Contains("'\"colour\"' does not exist", result.Printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithAGridPositionOfTheWrongType_IsRefused()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DashboardFiles.DashboardsFolder, DashboardFiles.Names[0])))!;
        dashboard["panels"]![0]!["gridPos"]!["h"] = "eight";

        var result = await GrafanaSchemaCheck.CheckAsync(new Dictionary<string, string> { ["bad.json"] = dashboard.ToJsonString() });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Type 'string' is not assignable to type 'number'", result.Printed, StringComparison.Ordinal);
    }
}
