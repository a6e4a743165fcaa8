using System.Diagnostics;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// The real <c>task-master</c> CLI (the Release build of src/cli/TaskMaster.Cli) as a child process
/// whose stdout is read line by line, each line stamped with the time since the process was started.
/// Stopped only by its own id (SIGKILL: what a crash does).
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly long _startedAt;

    private CliProcess(System.Diagnostics.Process process, long startedAt)
    {
        _process = process;
        _startedAt = startedAt;
    }

    /// <summary>The CLI's entry assembly, built by <c>dotnet build -c Release src/cli/TaskMaster.Cli</c>.</summary>
    public static string Dll(string repository) =>
        Path.Combine(repository, "src", "cli", "TaskMaster.Cli", "bin", "Release", "net10.0", "task-master.dll");

    /// <summary>The child's process id (its <c>/proc</c> entry, e.g. for its peak memory).</summary>
    public int Id => _process.Id;

    public static CliProcess Start(string dll, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var startedAt = Stopwatch.GetTimestamp();
        var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        // Nobody reads stderr; drain it so the child never blocks on a full pipe.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new CliProcess(process, startedAt);
    }

    /// <summary>Reads stdout until a line satisfies <paramref name="until"/>; returns the time since start at that line.</summary>
    /// <param name="onLine">Told of every line read, with its time since start.</param>
    /// <exception cref="InvalidOperationException">stdout ended first.</exception>
    public async Task<TimeSpan> ReadUntilAsync(Func<string, bool> until, Action<string, TimeSpan>? onLine = null)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var at = Stopwatch.GetElapsedTime(_startedAt);
            onLine?.Invoke(line, at);
            if (until(line)) return at;
        }
        await _process.WaitForExitAsync();
        throw new InvalidOperationException($"task-master exited ({_process.ExitCode}) before the expected line");
    }

    /// <summary>Reads stdout to its end and waits for the exit; returns the exit code and the time since start.</summary>
    public async Task<(int ExitCode, TimeSpan At)> ReadToExitAsync(Action<string, TimeSpan>? onLine = null)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line) onLine?.Invoke(line, Stopwatch.GetElapsedTime(_startedAt));
        await _process.WaitForExitAsync();
        return (_process.ExitCode, Stopwatch.GetElapsedTime(_startedAt));
    }

    /// <summary>The time since the process was started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedAt);

    /// <summary>Reads the rest of stdout and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync() => (await ReadToExitAsync()).ExitCode;

    /// <summary>kill -9, and wait for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public void Dispose() => _process.Dispose();
}
