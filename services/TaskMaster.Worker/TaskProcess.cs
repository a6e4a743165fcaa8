using System.Diagnostics;
using System.Text;

namespace TaskMaster.Worker;

/// <summary>
/// A task's shell, started as the leader of a new session and process group so that its whole
/// tree (children, grandchildren, background jobs) can be signalled at once.
/// </summary>
internal sealed class TaskProcess : IDisposable
{
    // setsid(1) execs (it does not fork when its caller is not a group leader, and a child of
    // ours never is), so the pid we get is the session's and the group's id.
    private static readonly string? SetsidPath =
        new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private TaskProcess(Process process, bool leadsGroup)
    {
        Process = process;
        Id = process.Id;
        LeadsGroup = leadsGroup;
    }

    /// <summary>False when setsid(1) is not installed: then only the tree still attached to the shell can be killed.</summary>
    public static bool CanIsolateGroups => SetsidPath is not null;

    public Process Process { get; }

    /// <summary>The shell's pid; also the group id when <see cref="LeadsGroup"/>.</summary>
    public int Id { get; }

    /// <summary>True when the process leads its own group (its pid is the group id).</summary>
    public bool LeadsGroup { get; }

    /// <summary>
    /// Starts <c>shell -c text</c> with stdin closed and stdout and stderr piped as UTF-8.
    /// The command text is one argument, never spliced into another command line.
    /// </summary>
    public static TaskProcess Start(string shell, string commandText, string workingDirectory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var info = new ProcessStartInfo(SetsidPath ?? shell)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (SetsidPath is not null) info.ArgumentList.Add(shell);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandText);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start '{shell}'");
        // A task never waits on a terminal: it reads end-of-file at once.
        process.StandardInput.Close();
        return new TaskProcess(process, SetsidPath is not null);
    }

    /// <summary>Sends a signal to the whole group; without a group of its own, SIGKILLs the tree instead.</summary>
    public void Signal(int signal)
    {
        // The shell alone would die of it and orphan its children, out of reach from then on.
        if (LeadsGroup) UnixSignals.SendToGroup(Id, signal);
        else KillTree();
    }

    /// <summary>SIGKILLs the tree now: every process still in the group, and every descendant of the shell.</summary>
    public void KillTree()
    {
        // The runtime's tree walk comes first, while the tree is still linked to the shell: it also
        // reaches descendants that left the group, and covers the instant before setsid has run.
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
        {
            // Already exited, or a descendant vanished mid-walk: the group kill below still applies.
        }
        KillLeftovers();
    }

    /// <summary>
    /// SIGKILLs whatever is left in the group. Call it once the shell has exited: the processes of a
    /// task end with it, and a grandchild holding the stdout pipe would otherwise keep it open.
    /// </summary>
    public void KillLeftovers()
    {
        if (LeadsGroup) UnixSignals.SendToGroup(Id, UnixSignals.SIGKILL);
    }

    public void Dispose() => Process.Dispose();
}
