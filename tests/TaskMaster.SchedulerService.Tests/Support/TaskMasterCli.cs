using System.Diagnostics;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>Runs the task-master CLI (the built one beside the tests) to its end; killed past its timeout.</summary>
internal static class TaskMasterCli
{
    public static async Task<CliOutcome> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts the CLI with <paramref name="args"/> in <paramref name="workingDirectory"/>, its output
    /// redirected and its input closed, with no <c>TASKMASTER_HOME</c> of the test run's own.
    /// </summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "task-master.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("TASKMASTER_HOME");
        var process = Process.Start(info) ?? throw new InvalidOperationException("task-master did not start");
        process.StandardInput.Close();
        return process;
    }
}

internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
