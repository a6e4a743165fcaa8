namespace TaskMaster.Core.State;

/// <summary>Which blocked tasks may run again once some failed or blocked tasks are given another chance.</summary>
internal static class Unblocking
{
    /// <summary>
    /// The tasks among <paramref name="candidates"/> that are blocked and none of whose dependencies
    /// still cannot succeed once every task in <paramref name="runAgain"/> may run again. Walks the
    /// whole graph in dependency order, so a task blocked through several paths is freed only when every path is.
    /// </summary>
    public static List<int> Freed(RunState state, IReadOnlySet<int> runAgain, IReadOnlySet<int> candidates)
    {
        if (!candidates.Any(i => state.Tasks[i].Status == TaskStatus.Blocked)) return [];
        var stuck = new bool[state.Tasks.Count];
        var freed = new List<int>();
        foreach (var i in state.Graph.TopologicalOrder())
        {
            var status = state.Tasks[i].Status;
            if (runAgain.Contains(i)) continue; // it is no longer failed: never stuck
            if (candidates.Contains(i) && status == TaskStatus.Blocked)
            {
                var free = true;
                foreach (var dependency in state.Graph.DependenciesOf(i)) free &= !stuck[dependency];
                stuck[i] = !free;
                if (free) freed.Add(i);
            }
            else stuck[i] = status is TaskStatus.Failed or TaskStatus.Blocked;
        }
        return freed;
    }

    /// <summary>A direct dependency of <paramref name="index"/> that failed for good or is blocked and is not in <paramref name="except"/>, if any.</summary>
    public static int? StuckDependency(RunState state, int index, IReadOnlySet<int>? except = null)
    {
        foreach (var dependency in state.Graph.DependenciesOf(index))
            if (state.Tasks[dependency].Status is TaskStatus.Failed or TaskStatus.Blocked && except?.Contains(dependency) != true) return dependency;
        return null;
    }
}
