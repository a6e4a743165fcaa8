using System.Diagnostics;

namespace TaskMaster.Deployment.Tests.Images;

/// <summary>What a command-line tool printed and how it ended.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a tool (podman, a script, go) with its arguments passed one by one, never through a shell,
/// within a deadline; <see cref="CheckedAsync"/> fails naming the command and quoting its output.
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
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
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
