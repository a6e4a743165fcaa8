using System.ComponentModel;
using System.Diagnostics;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Deployment.Tests;

/// <summary>What a command-line tool printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>All it printed: its standard output, then its standard error.</summary>
    public string Printed => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}

/// <summary>
/// Runs the tools the deployment tests check with (helm, node, promtool, podman, go, the image
/// scripts) with their arguments passed one by one, never through a shell, within a deadline. A tool
/// that is not installed fails saying what installs it; <see cref="CheckedAsync"/> fails naming the
/// command and quoting its output.
/// </summary>
public static class ToolRun
{
    public static async Task<ToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} could not be started ({e.Message}): scripts/install-deps.sh installs it", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`{Describe(tool, start.ArgumentList)}` did not end within {timeout.TotalSeconds:0} s{Environment.NewLine}{await error}{await output}");
            }
            return new ToolResult(process.ExitCode, await output, await error);
        }
    }

    public static async Task<string> CheckedAsync(
        string tool, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(tool, list, timeout, environment, workingDirectory);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException($"`{Describe(tool, list)}` failed ({result.ExitCode}):{Environment.NewLine}{result.Error}{result.Output}");
    }

    private static string Describe(string tool, IEnumerable<string> arguments) => string.Join(' ', [tool, .. arguments]);
}

/// <summary>Where the repository's files are, for the tests that check what it ships.</summary>
public static class Repository
{
    /// <summary>The repository's root (the folder holding <c>scripts/</c>).</summary>
    public static string Root => ServerScript.RepositoryRoot;

    /// <summary><c>tests/TaskMaster.Deployment.Tests/tools/NAME</c>: one tool's package.json, scripts or sources.</summary>
    public static string ToolsFolder(string name) => Path.Combine(Root, "tests", "TaskMaster.Deployment.Tests", "tools", name);
}
