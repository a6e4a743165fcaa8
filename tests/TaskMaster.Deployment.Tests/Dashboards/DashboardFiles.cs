using System.Diagnostics;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Deployment.Tests.Dashboards;

/// <summary>
/// Where the dashboards and alert rules are (<c>charts/taskmaster/dashboards/*.json</c>,
/// <c>charts/taskmaster/files/</c>) and a runner for the tools that check them: node with
/// <c>tools/dashboards/</c> (typescript, @grafana/schema) and promtool, installed by
/// <c>scripts/install-deps.sh</c>. A missing tool fails the test saying how to install it.
/// </summary>
internal static class DashboardFiles
{
    /// <summary>The repository's root (the parent of <c>scripts/</c>).</summary>
    public static string RepositoryRoot { get; } = Path.GetDirectoryName(Path.GetDirectoryName(ServerScript.ScriptsFolderPath))!;

    public static string DashboardsFolder { get; } = Path.Combine(RepositoryRoot, "charts", "taskmaster", "dashboards");

    /// <summary><c>charts/taskmaster/files</c>: the rules file and its promtool tests (<c>tests/</c>).</summary>
    public static string FilesFolder { get; } = Path.Combine(RepositoryRoot, "charts", "taskmaster", "files");

    public static string RulesFile { get; } = Path.Combine(FilesFolder, "taskmaster.rules.yaml");

    /// <summary><c>tests/TaskMaster.Deployment.Tests/tools/dashboards</c>: typescript and @grafana/schema.</summary>
    public static string ToolsFolder { get; } = Path.Combine(RepositoryRoot, "tests", "TaskMaster.Deployment.Tests", "tools", "dashboards");

    /// <summary>The dashboards' file names (<c>taskmaster-resources.json</c>, …).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.GetFiles(DashboardsFolder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Runs a program with its arguments passed as they are (no shell), waiting at most three minutes.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}): scripts/install-deps.sh installs it", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within 3 minutes");
            }
            return (process.ExitCode, await output + await error);
        }
    }
}
