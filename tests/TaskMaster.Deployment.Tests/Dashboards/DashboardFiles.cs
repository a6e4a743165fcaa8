namespace TaskMaster.Deployment.Tests.Dashboards;

/// <summary>
/// Where the dashboards and alert rules are (<c>charts/taskmaster/dashboards/*.json</c>,
/// <c>charts/taskmaster/files/</c>) and a runner for the tools that check them: node with
/// <c>tools/dashboards/</c> (typescript, @grafana/schema) and promtool, installed by
/// <c>scripts/install-deps.sh</c>. A missing tool fails the test saying how to install it.
/// </summary>
internal static class DashboardFiles
{
    public static string DashboardsFolder { get; } = Path.Combine(Repository.Root, "charts", "taskmaster", "dashboards");

    /// <summary><c>charts/taskmaster/files</c>: the rules file and its promtool tests (<c>tests/</c>).</summary>
    public static string FilesFolder { get; } = Path.Combine(Repository.Root, "charts", "taskmaster", "files");

    public static string RulesFile { get; } = Path.Combine(FilesFolder, "taskmaster.rules.yaml");

    /// <summary><c>tests/TaskMaster.Deployment.Tests/tools/dashboards</c>: typescript and @grafana/schema.</summary>
    public static string ToolsFolder { get; } = Repository.ToolsFolder("dashboards");

    /// <summary>The dashboards' file names (<c>taskmaster-resources.json</c>, …).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.GetFiles(DashboardsFolder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Runs <paramref name="program"/> (node, promtool) in <paramref name="workingDirectory"/>, waiting at most three minutes.</summary>
    public static Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory) =>
        ToolRun.RunAsync(program, arguments, TimeSpan.FromMinutes(3), workingDirectory: workingDirectory);
}
