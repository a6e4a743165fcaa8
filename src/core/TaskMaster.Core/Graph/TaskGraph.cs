using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Graph;

/// <summary>
/// The dependency DAG of a queue, indexed by task number (the task's position in
/// <see cref="QueueDefinition.Tasks"/>). Edges are stored as compact int arrays (CSR) in both
/// directions so the scheduler can walk them without allocating.
/// </summary>
public sealed class TaskGraph
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _indexById;
    private readonly int[] _dependencyStarts;
    private readonly int[] _dependencies;
    private readonly int[] _dependentStarts;
    private readonly int[] _dependents;

    private TaskGraph(string[] ids, Dictionary<string, int> indexById, int[] dependencyStarts, int[] dependencies)
    {
        _ids = ids;
        _indexById = indexById;
        _dependencyStarts = dependencyStarts;
        _dependencies = dependencies;
        (_dependentStarts, _dependents) = Reverse(ids.Length, dependencyStarts, dependencies);
    }

    /// <summary>Number of tasks.</summary>
    public int Count => _ids.Length;

    /// <summary>Builds the graph of a parsed, valid queue.</summary>
    /// <exception cref="ArgumentException">A task id is duplicated or a dependency names no task.</exception>
    public static TaskGraph Build(QueueDefinition queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var tasks = queue.Tasks;
        return Create(
            tasks.Select(t => t.Id).ToArray(),
            i => tasks[i].DependsOn,
            (task, dependency) => throw new ArgumentException(
                $"Task '{tasks[task].Id}' depends on '{dependency}', which is not a task of the queue.", nameof(queue)));
    }

    /// <summary>
    /// Builds a graph from ids and their dependencies; a dependency that names no task is
    /// reported to <paramref name="unknownDependency"/> (task index, id) and left out.
    /// Repeated dependencies of one task count once.
    /// </summary>
    internal static TaskGraph Create(string[] ids, Func<int, IReadOnlyList<string>> dependenciesOf, Action<int, string> unknownDependency)
    {
        var indexById = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!indexById.TryAdd(ids[i], i))
                throw new ArgumentException($"Task id '{ids[i]}' appears twice.", nameof(ids));
        }

        var starts = new int[ids.Length + 1];
        var targets = new List<int>(ids.Length);
        // lastAddedBy[d] == i + 1 means task i already lists d: avoids a set per task.
        var lastAddedBy = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            starts[i] = targets.Count;
            foreach (var dependency in dependenciesOf(i))
            {
                if (!indexById.TryGetValue(dependency, out var d))
                {
                    unknownDependency(i, dependency);
                    continue;
                }
                if (lastAddedBy[d] == i + 1) continue;
                lastAddedBy[d] = i + 1;
                targets.Add(d);
            }
        }
        starts[ids.Length] = targets.Count;
        return new TaskGraph(ids, indexById, starts, targets.ToArray());
    }

    /// <summary>The id of the task at <paramref name="index"/>.</summary>
    public string IdOf(int index) => _ids[index];

    /// <summary>Finds a task's index by id.</summary>
    public bool TryGetIndex(string id, out int index) => _indexById.TryGetValue(id, out index);

    /// <summary>The index of the task with <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No task has that id.</exception>
    public int IndexOf(string id) =>
        _indexById.TryGetValue(id, out var index) ? index : throw new KeyNotFoundException($"No task has the id '{id}'.");

    /// <summary>The tasks <paramref name="index"/> depends on, in the order its <c>depends</c> field lists them.</summary>
    public ReadOnlySpan<int> DependenciesOf(int index) =>
        _dependencies.AsSpan(_dependencyStarts[index], _dependencyStarts[index + 1] - _dependencyStarts[index]);

    /// <summary>The tasks that depend directly on <paramref name="index"/>, in task order.</summary>
    public ReadOnlySpan<int> DependentsOf(int index) =>
        _dependents.AsSpan(_dependentStarts[index], _dependentStarts[index + 1] - _dependentStarts[index]);

    /// <summary>
    /// Every task that depends on <paramref name="index"/> directly or through others, each once,
    /// nearest first (breadth-first). The task itself is not included.
    /// </summary>
    public IReadOnlyList<int> TransitiveDependents(int index)
    {
        var visited = new bool[_ids.Length];
        visited[index] = true;
        var order = new List<int>();
        // order doubles as the BFS queue; -1 stands for the start task itself.
        for (var next = -1; next < order.Count; next++)
        {
            foreach (var dependent in DependentsOf(next < 0 ? index : order[next]))
            {
                if (visited[dependent]) continue;
                visited[dependent] = true;
                order.Add(dependent);
            }
        }
        return order;
    }

    /// <summary>
    /// Every task after all of its dependencies (Kahn's algorithm): first the tasks without
    /// dependencies in file order, then each task as soon as its last dependency is placed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph has a cycle.</exception>
    public IReadOnlyList<int> TopologicalOrder()
    {
        var remaining = new int[_ids.Length];
        var order = new int[_ids.Length];
        var count = 0;
        for (var i = 0; i < _ids.Length; i++)
        {
            remaining[i] = _dependencyStarts[i + 1] - _dependencyStarts[i];
            if (remaining[i] == 0) order[count++] = i;
        }
        // order doubles as the FIFO queue: everything before `count` is ready, `next` is the head.
        for (var next = 0; next < count; next++)
        {
            foreach (var dependent in DependentsOf(order[next]))
            {
                if (--remaining[dependent] == 0) order[count++] = dependent;
            }
        }
        if (count != _ids.Length)
            throw new InvalidOperationException("The task graph has a dependency cycle; see CycleFinder.FindCycles.");
        return order;
    }

    private static (int[] Starts, int[] Targets) Reverse(int count, int[] starts, int[] targets)
    {
        var reverseStarts = new int[count + 1];
        foreach (var target in targets) reverseStarts[target + 1]++;
        for (var i = 0; i < count; i++) reverseStarts[i + 1] += reverseStarts[i];

        var reverseTargets = new int[targets.Length];
        var fill = reverseStarts.AsSpan(0, count).ToArray();
        // Sources are visited in index order, so each task's dependents come out sorted.
        for (var source = 0; source < count; source++)
        {
            for (var e = starts[source]; e < starts[source + 1]; e++)
                reverseTargets[fill[targets[e]]++] = source;
        }
        return (reverseStarts, reverseTargets);
    }
}
