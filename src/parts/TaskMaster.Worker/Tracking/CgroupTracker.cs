using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Tracks an attempt by a cgroup of its own, and by its process tree as well: every process the
/// shell forks once moved in is in the cgroup, whatever session it makes and whatever it does to
/// its environment, and <c>cgroup.kill</c> ends them all at once, forks included; the process tree
/// (<see cref="DescendantTracker"/>) covers what the cgroup could miss.
/// </summary>
/// <remarks>
/// A spawn straight into the cgroup (clone3's CLONE_INTO_CGROUP) needs glibc 2.41's
/// <c>posix_spawnattr_setcgroup_np</c>; before it the shell is moved in after the spawn, by
/// <see cref="CgroupMover"/>, while it already runs: a child it forks before the move lands stays
/// outside the cgroup, which is why the process tree is tracked too. Stopping the shell until it
/// is moved would close that gap only when the executor's thread runs at once after the spawn (on
/// a busy machine the shell was seen to finish its command first), at the price of the move's
/// wait on every task's start.
/// </remarks>
internal sealed class CgroupTracker : AttemptTracker
{
    private readonly string _path;
    private readonly string _relative;
    private readonly DescendantTracker _outside;
    private volatile bool _slipped;

    /// <exception cref="IOException">The attempt's cgroup could not be created.</exception>
    public CgroupTracker(CgroupHierarchy hierarchy, string token, bool adoptsOrphans) : base(token)
    {
        _path = hierarchy.CreateAttemptGroup(token);
        _relative = hierarchy.RelativePath(_path);
        _outside = new DescendantTracker(token, adoptsOrphans);
    }

    public override string? CgroupPath => _path;

    public override ulong ShellStarted => _outside.ShellStarted;

    public override string Method => _slipped ? "cgroup v2 (the shell forked before it was moved in) and process tree" : "cgroup v2 and process tree";

    public override void Adopt(int shellPid)
    {
        _outside.Adopt(shellPid);
        CgroupMover.Shared.Move(this, shellPid);
    }

    /// <summary>Moves the shell in (on the mover's thread) and notes whether it had forked already.</summary>
    internal void MoveNow(int shellPid)
    {
        var moved = false;
        // Only while the shell is not reaped: a reaped pid may come round to another program.
        ChildReaper.Shared.WhileUnreaped(shellPid, () =>
            moved = Cgroup.Move(_path, shellPid) && Cgroup.Holds(shellPid, _relative)
                && ProcFiles.ThreadChildren(shellPid, shellPid).All(child => Cgroup.Holds(child, _relative)));
        _slipped = !moved;
    }

    public override List<Pidfd> Live(bool thorough)
    {
        // The process tree first, always: it is cheap (the executor's own children, as subreaper),
        // lists parents before children (the order SIGTERM goes out in), and covers whatever the
        // cgroup missed; then what only the cgroup knows of.
        var live = _outside.Live(thorough);
        foreach (var pid in Cgroup.Processes(_path))
        {
            if (live.Any(p => p.Pid == pid) || Pidfd.TryOpen(pid) is not { } pidfd) continue;
            // Checked after the pidfd is open: a pid that came round again is another cgroup's.
            if (Cgroup.Holds(pid, _relative)) live.Add(pidfd);
            else pidfd.Dispose();
        }
        return live;
    }

    public override int KillAll(bool thorough)
    {
        var live = Live(thorough);
        SignalAll(live, UnixSignals.SIGKILL);
        foreach (var process in live) process.Dispose();
        // And whatever forked meanwhile: cgroup.kill is atomic with respect to fork. An empty cgroup
        // has nobody left to fork, so the end of most attempts writes nothing here.
        if (live.Count > 0) Cgroup.Kill(_path);
        return live.Count;
    }

    /// <summary>
    /// Removes the cgroup, or has the mover remove it after the move it may still be doing; one
    /// left populated stays for the executor's, or the next executor's, clean-up.
    /// </summary>
    public override void Dispose()
    {
        if (!Cgroup.Remove(_path)) CgroupMover.Shared.RemoveLater(_path);
        base.Dispose();
    }
}
