using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Tracks an attempt without cgroups: by parentage from its shell; through the orphans the
/// executor adopts as child subreaper (a descendant whose parent ended is handed to us, not to
/// init, so none leaves the tree), attributed by session or marker; and, when asked to be thorough
/// or when the executor is no subreaper, by the marker in every process's environment.
/// </summary>
/// <param name="adoptsOrphans">Whether the executor is a child subreaper.</param>
internal sealed class DescendantTracker(string token, bool adoptsOrphans) : AttemptTracker(token)
{
    private int _shell;
    private ulong _shellStarted;

    public override ulong ShellStarted => _shellStarted;

    public override string Method => adoptsOrphans ? "process tree (subreaper)" : "process tree (marker)";

    public override void Adopt(int shellPid)
    {
        _shell = shellPid;
        _shellStarted = ProcFiles.Stat(shellPid)?.StartTime ?? 0;
    }

    public override List<Pidfd> Live(bool thorough)
    {
        var self = Environment.ProcessId;
        var roots = new List<int>();
        // Only while the pid is still our shell's: once reaped, it may be another program's.
        if (_shell > 0 && ProcFiles.Stat(_shell) is { } shell && shell.StartTime == _shellStarted) roots.Add(_shell);
        if (adoptsOrphans)
        {
            foreach (var orphan in ProcFiles.ThreadChildren(self, self))
                if (orphan != _shell && !ChildReaper.Shared.IsShell(orphan) && IsOurs(orphan)) roots.Add(orphan);
        }
        if (thorough || !adoptsOrphans)
        {
            foreach (var pid in ProcFiles.AllPids())
                if (pid != self && CarriesToken(pid)) roots.Add(pid);
        }
        return Verified(Descendants(roots));
    }

    // An exec takes well under this; an environment that stays empty longer was started empty.
    private static readonly TimeSpan ExecPatience = TimeSpan.FromMilliseconds(20);

    /// <summary>An adopted orphan is the attempt's when it is still in the attempt's session or carries its marker.</summary>
    private bool IsOurs(int orphan)
    {
        if (ProcFiles.Stat(orphan) is not { Ended: false } stat) return false;
        if (stat.Session == _shell) return true;
        // Caught in the middle of an exec (a daemon's `setsid sleep`), its environment reads empty
        // for a moment: read again until it has one.
        string? token = null;
        var empty = false;
        SpinWait.SpinUntil(() =>
        {
            token = ProcFiles.EnvironmentValue(orphan, TaskEnvironment.AttemptId, out empty);
            return !empty;
        }, ExecPatience);
        return token == Token;
    }

    /// <summary>
    /// The roots and everything below them that still runs: pid → start time, parents before their
    /// children (breadth first from the roots in their order). SIGTERM goes out in that order: a
    /// shell whose children died first could end its `wait` and exit before its own SIGTERM, its
    /// trap never run.
    /// </summary>
    internal static Dictionary<int, ulong> Descendants(IEnumerable<int> roots)
    {
        var found = new Dictionary<int, ulong>();
        var seen = new HashSet<int>();
        foreach (var root in roots)
        {
            var pending = new Queue<int>();
            pending.Enqueue(root);
            while (pending.TryDequeue(out var pid))
            {
                if (!seen.Add(pid) || ProcFiles.Stat(pid) is not { } stat) continue;
                if (!stat.Ended) found[pid] = stat.StartTime;
                foreach (var child in ProcFiles.Children(pid)) pending.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>A pidfd on each, kept only when the pid still names the process found (same start time).</summary>
    internal static List<Pidfd> Verified(Dictionary<int, ulong> found)
    {
        var live = new List<Pidfd>(found.Count);
        foreach (var (pid, started) in found)
        {
            if (Pidfd.TryOpen(pid) is not { } pidfd) continue;
            if (ProcFiles.Stat(pid) is { Ended: false } now && now.StartTime == started) live.Add(pidfd);
            else pidfd.Dispose();
        }
        return live;
    }
}
