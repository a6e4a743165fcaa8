namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>
/// The chart copied to a temporary folder with a fixture Grafana dashboard and, when the chart has
/// none yet, a fixture alert rules file (the real ones are written beside the chart by their own
/// part), so that the templates that ship them render something to check. Rendered with helm.
/// </summary>
internal sealed class ChartCopy : IDisposable
{
    public const string FixtureDashboard = "fixture-overview.json";

    private const string Dashboard = """
        {"title": "TaskMaster fixture", "uid": "taskmaster-fixture", "schemaVersion": 39, "panels": []}
        """;

    private const string Rules = """
        groups:
          - name: taskmaster-fixture
            rules:
              - alert: FixtureCheckpointStoreDown
                expr: taskmaster_checkpoint_store_up == 0
                for: 1m
                labels: {severity: critical}
        """;

    public ChartCopy()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"taskmaster-chart-{Guid.NewGuid():N}", "taskmaster");
        Copy(new DirectoryInfo(ChartTools.ChartFolder), Folder);
        Directory.CreateDirectory(Path.Combine(Folder, "dashboards"));
        File.WriteAllText(Path.Combine(Folder, "dashboards", FixtureDashboard), Dashboard);
        var rules = Path.Combine(Folder, "files", "taskmaster.rules.yaml");
        if (!File.Exists(rules))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(rules)!);
            File.WriteAllText(rules, Rules);
        }
    }

    public string Folder { get; }

    /// <summary>A value file of the chart's <c>ci/</c> folder.</summary>
    public string CiValues(string name) => Path.Combine(Folder, "ci", name);

    /// <summary><c>helm template taskmaster CHART ARGS...</c>; the rendered manifests, or the failure with helm's message.</summary>
    public Task<ToolResult> TemplateAsync(params string[] arguments) =>
        ChartTools.HelmAsync(["template", "taskmaster", Folder, "--namespace", "batch", .. arguments]);

    /// <summary>The rendered manifests; fails the test with helm's message when it refuses.</summary>
    public async Task<string> RenderAsync(params string[] arguments)
    {
        var result = await TemplateAsync(arguments);
        Assert.True(result.ExitCode == 0, $"helm template {string.Join(' ', arguments)} failed: {result}");
        return result.Output;
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);

    private static void Copy(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.GetFiles()) file.CopyTo(Path.Combine(to, file.Name));
        foreach (var folder in from.GetDirectories()) Copy(folder, Path.Combine(to, folder.Name));
    }
}
