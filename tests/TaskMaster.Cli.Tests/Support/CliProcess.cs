using System.Diagnostics;
using System.Text;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// Runs the real <c>task-master</c> program (the built assembly, through <c>dotnet</c>) as a child
/// process, the way a user does, and collects what it prints.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Tcs)> _waiters = [];
    private readonly Task _pumps;

    private CliProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    /// <summary>What it has printed to stdout so far.</summary>
    public string Output
    {
        get { lock (_gate) return _stdout.ToString(); }
    }

    public static CliProcess Start(string workingDirectory, params string[] args) => StartUnder(workingDirectory, [], null, args);

    /// <summary>
    /// Starts task-master through <paramref name="launcher"/> (a command that ends by running its
    /// arguments, e.g. a shell that changes signal dispositions first), with extra environment variables.
    /// </summary>
    public static CliProcess StartUnder(string workingDirectory, string[] launcher, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (launcher.Length > 0)
        {
            foreach (var arg in launcher[1..]) info.ArgumentList.Add(arg);
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "task-master.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("TASKMASTER_HOME");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start task-master");
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    /// <summary>Runs task-master to its end and returns what it did.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        await using var cli = Start(workingDirectory, args);
        return await cli.WaitForExitAsync();
    }

    /// <summary>Completes when stdout has printed a line containing <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            _waiters.Add((text, tcs));
        }
        return WithContext(tcs.Task, $"a line containing '{text}'");
    }

    /// <summary>Completes when stdout has printed <paramref name="count"/> lines containing <paramref name="text"/>.</summary>
    public Task WaitForOutputCountAsync(string text, int count)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (CountLines(text) >= count) return Task.CompletedTask;
            _counters.Add((text, count, tcs));
        }
        return WithContext(tcs.Task, $"{count} lines containing '{text}'");
    }

    private readonly List<(string Text, int Count, TaskCompletionSource Tcs)> _counters = [];

    /// <summary>A timeout that says what was awaited and what the program had printed by then.</summary>
    private async Task WithContext(Task awaited, string what)
    {
        // The program ending first fails at once, with what it printed: no waiting out the timeout.
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(awaited, exited, Task.Delay(DefaultTimeout));
        if (first == awaited)
        {
            await awaited;
            return;
        }
        if (first == exited) await _pumps.WaitAsync(DefaultTimeout);
        string stdout, stderr;
        lock (_gate) (stdout, stderr) = (_stdout.ToString(), _stderr.ToString());
        var why = first == exited ? $"the program exited ({_process.ExitCode}) first" : $"{DefaultTimeout.TotalSeconds}s passed";
        throw new TimeoutException($"waited for {what} but {why}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
    }

    private int CountLines(string text) =>
        _stdout.ToString().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <param name="timeout">How long before the program is deemed hung; <see cref="DefaultTimeout"/> unless a test runs a long queue.</param>
    public async Task<CliResult> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        await _pumps.WaitAsync(timeout ?? DefaultTimeout);
        lock (_gate) return new CliResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    private async Task Pump(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                into.AppendLine(line);
                if (into != _stdout) continue;
                foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Tcs.TrySetResult();
                }
                foreach (var counter in _counters.Where(c => line.Contains(c.Text, StringComparison.Ordinal) && CountLines(c.Text) >= c.Count).ToList())
                {
                    _counters.Remove(counter);
                    counter.Tcs.TrySetResult();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
