using System.Collections.Concurrent;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Moves new shells into their attempts' cgroups, one after the other, on a thread of its own. A
/// move can block for an RCU grace period (measured here, on a busy 2-core VM: 6–24 ms when no
/// migration happened in the last moments, microseconds when one did; moves in a burst share one
/// period), so it is taken off the attempt's path: the shell runs meanwhile, and what it forks
/// before the move lands is found by the process tree, which every cgroup attempt also tracks.
/// </summary>
internal sealed class CgroupMover
{
    private readonly BlockingCollection<Action> _pending = [];

    private CgroupMover() =>
        new Thread(Run) { IsBackground = true, Name = "TaskMaster cgroup mover" }.Start();

    public static CgroupMover Shared { get; } = new();

    public void Move(CgroupTracker tracker, int pid) => _pending.Add(() => tracker.MoveNow(pid));

    /// <summary>Removes a cgroup once the moves queued before are done (a shell being moved in keeps it busy).</summary>
    public void RemoveLater(string cgroup) => _pending.Add(() => Cgroup.Remove(cgroup));

    private void Run()
    {
        foreach (var work in _pending.GetConsumingEnumerable()) work();
    }
}
