using System.Text;
using TaskMaster.Worker.Native;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker;

/// <summary>
/// A task's shell and every process it starts: spawned in a session of its own with default signal
/// dispositions, tracked by its <see cref="AttemptTracker"/> (a cgroup, or the process tree) so that
/// all of them can be signalled and awaited, those that left its session too.
/// </summary>
internal sealed class TaskProcess : IDisposable
{
    private readonly SpawnedShell _shell;
    private readonly AttemptTracker _tracker;

    private TaskProcess(SpawnedShell shell, AttemptTracker tracker)
    {
        _shell = shell;
        _tracker = tracker;
        Stdout = new StreamReader(shell.Stdout, Encoding.UTF8);
        Stderr = new StreamReader(shell.Stderr, Encoding.UTF8);
    }

    /// <summary>The shell's pid, also its session's and process group's id.</summary>
    public int Id => _shell.Pid;

    public StreamReader Stdout { get; }

    public StreamReader Stderr { get; }

    /// <summary>The shell's exit code once it has ended (128+n when signal n killed it).</summary>
    public Task<int> Exited => _shell.Exited;

    /// <summary>
    /// Starts <c>shell -c text</c> with stdin on /dev/null and stdout and stderr piped as UTF-8, with
    /// the executor's environment overlaid with <paramref name="variables"/>. The command text is one
    /// argument, never spliced into another command line.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The shell could not be started.</exception>
    public static TaskProcess Start(string shell, string commandText, string workingDirectory,
        IReadOnlyList<KeyValuePair<string, string>> variables, AttemptTracker tracker)
    {
        var spawned = ShellSpawner.Spawn(shell, commandText, workingDirectory, TaskEnvironment.Block(variables), tracker.Adopt);
        return new TaskProcess(spawned, tracker);
    }

    /// <summary>Sends <paramref name="signal"/> to every live process of the task (searched thoroughly); how many there were.</summary>
    public int Signal(int signal) => _tracker.Signal(signal, thorough: true);

    /// <summary>
    /// SIGKILLs every live process of the task now; how many there were. Not <paramref name="thorough"/>:
    /// the cheap search that is complete while the executor is child subreaper (the end of every task).
    /// </summary>
    public int KillAll(bool thorough) => _tracker.KillAll(thorough);

    /// <summary>
    /// Completes with true once no process of the task is left (each found is awaited through its
    /// pidfd, then the task is searched again for any started meanwhile), false when
    /// <paramref name="stop"/> fires first.
    /// </summary>
    public async Task<bool> AllEndedAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var live = _tracker.Live(thorough: false);
            if (live.Count == 0)
            {
                ChildReaper.Shared.ReapOrphans();
                return true;
            }
            try
            {
                await Task.WhenAll(live.Select(ChildReaper.Shared.WhenEndedAsync)).WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                foreach (var process in live) process.Dispose();
            }
        }
        return false;
    }

    public void Dispose()
    {
        Stdout.Dispose();
        Stderr.Dispose();
        _shell.Pidfd.Dispose();
    }
}
