using System.Diagnostics;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Kills what an executor killed with SIGKILL left running of a run, exactly: the processes in the
/// cgroups its records name, and every process whose environment carries one of its attempts'
/// tokens (the token is random per attempt: no other program has it). Nothing else is touched: the
/// records of an executor that still runs (homes may be shared, by workers started in one folder)
/// are its own, and stay.
/// </summary>
internal static class LeftoverKiller
{
    // SIGKILL takes effect at once; this only bounds a process stuck in the kernel.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Kills the leftovers, waits until they have ended, removes the records; the task ids concerned.</summary>
    public static IReadOnlyList<string> Kill(HomeLayout home, string runId)
    {
        var directory = home.RunningDirectory(runId);
        if (!Directory.Exists(directory)) return [];
        var deadExecutors = RunningAttemptsFile.Files(home, runId).Where(file => !AttemptSlots.WriterAlive(file)).ToList();
        var markers = RunningAttemptsFile.ReadAll(deadExecutors)
            .Select(a => (a.TaskId, Marker: new AttemptMarker(a.Group, a.GroupStarted, a.Token, a.CgroupPath))).ToList();
        // The marker files of an earlier version, one per attempt.
        foreach (var file in Directory.EnumerateFiles(directory, "*.pgid"))
            if (AttemptMarker.Parse(File.ReadAllText(file)) is { } marker) markers.Add((Path.GetFileNameWithoutExtension(file), marker));

        var killed = new SortedSet<string>(StringComparer.Ordinal);
        var victims = new List<Pidfd>();
        foreach (var (taskId, marker) in markers)
        {
            if (marker.CgroupPath is { } cgroup && CgroupHierarchy.IsAttemptGroup(cgroup) && Directory.Exists(cgroup)
                && Cgroup.Processes(cgroup).Count > 0 && Cgroup.Kill(cgroup)) killed.Add(taskId);
            if (marker.Token is null) victims.AddRange(OldGroupMembers(marker, taskId, killed));
        }
        var taskByToken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (taskId, marker) in markers)
            if (marker.Token is { } token) taskByToken[token] = taskId;
        victims.AddRange(TokenCarriers(taskByToken, killed));

        AttemptTracker.SignalAll(victims, UnixSignals.SIGKILL);
        Task.WaitAll([.. victims.Select(ChildReaper.Shared.WhenEndedAsync)], Patience);
        foreach (var victim in victims) victim.Dispose();
        foreach (var (_, marker) in markers)
            if (marker.CgroupPath is { } cgroup && CgroupHierarchy.IsAttemptGroup(cgroup)) RemoveWhenEmpty(cgroup);
        foreach (var file in deadExecutors.Concat(Directory.EnumerateFiles(directory, "*.pgid"))) File.Delete(file);
        ChildReaper.Shared.ReapOrphans();
        return [.. killed];
    }

    /// <summary>
    /// One scan of /proc for every process carrying one of the tokens, and everything below them
    /// (a child that cleared its environment, or is in the middle of an exec, is still theirs).
    /// </summary>
    private static List<Pidfd> TokenCarriers(Dictionary<string, string> taskByToken, SortedSet<string> killed)
    {
        var carriers = new List<int>();
        if (taskByToken.Count == 0) return [];
        foreach (var pid in ProcFiles.AllPids())
        {
            if (pid == Environment.ProcessId || ProcFiles.EnvironmentValue(pid, TaskEnvironment.AttemptId) is not { } token
                || !taskByToken.TryGetValue(token, out var taskId)) continue;
            carriers.Add(pid);
            killed.Add(taskId);
        }
        return DescendantTracker.Verified(DescendantTracker.Descendants(carriers));
    }

    /// <summary>
    /// A marker of an earlier version names only a process group: its members, while the group's
    /// leader (the task's shell, which waits for its children) is the very process recorded.
    /// </summary>
    private static List<Pidfd> OldGroupMembers(AttemptMarker marker, string taskId, SortedSet<string> killed)
    {
        if (marker.GroupStarted == 0 || ProcFiles.Stat(marker.Group)?.StartTime != marker.GroupStarted) return [];
        var found = new Dictionary<int, ulong>();
        foreach (var pid in ProcFiles.AllPids())
            if (ProcFiles.Stat(pid) is { Ended: false } stat && stat.Group == marker.Group && stat.StartTime >= marker.GroupStarted)
                found[pid] = stat.StartTime;
        if (found.Count > 0) killed.Add(taskId);
        return DescendantTracker.Verified(found);
    }

    /// <summary>Waits for the killed cgroup to empty, then removes it and, once empty, its dead executor's folder.</summary>
    private static void RemoveWhenEmpty(string cgroup)
    {
        var started = Stopwatch.GetTimestamp();
        while (Directory.Exists(cgroup) && Stopwatch.GetElapsedTime(started) < Patience)
        {
            var members = Cgroup.Processes(cgroup).Select(Pidfd.TryOpen).OfType<Pidfd>().ToList();
            if (members.Count == 0)
            {
                Cgroup.Remove(cgroup);
                break;
            }
            Task.WaitAll([.. members.Select(ChildReaper.Shared.WhenEndedAsync)], Patience);
            foreach (var member in members) member.Dispose();
        }
        Cgroup.Remove(Path.GetDirectoryName(cgroup)!);
    }
}
