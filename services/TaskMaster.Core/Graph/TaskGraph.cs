using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Graph;

// Placeholder with the agreed API; replaced by the parser branch's implementation at merge.
public sealed class TaskGraph
{
    private readonly Dictionary<string, int> _index;
    private readonly int[][] _deps;
    private readonly int[][] _dependents;

    private TaskGraph(Dictionary<string, int> index, int[][] deps, int[][] dependents)
    {
        _index = index; _deps = deps; _dependents = dependents;
    }

    public int Count => _deps.Length;

    public static TaskGraph Build(QueueDefinition queue)
    {
        var index = new Dictionary<string, int>(queue.Tasks.Count, StringComparer.Ordinal);
        for (var i = 0; i < queue.Tasks.Count; i++) index[queue.Tasks[i].Id] = i;
        var deps = new int[queue.Tasks.Count][];
        var dependents = new List<int>[queue.Tasks.Count];
        for (var i = 0; i < deps.Length; i++) dependents[i] = [];
        for (var i = 0; i < deps.Length; i++)
        {
            deps[i] = queue.Tasks[i].DependsOn.Select(d => index[d]).ToArray();
            foreach (var d in deps[i]) dependents[d].Add(i);
        }
        return new TaskGraph(index, deps, dependents.Select(l => l.ToArray()).ToArray());
    }

    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    public int IndexOf(string id) => _index[id];

    public ReadOnlySpan<int> DependenciesOf(int index) => _deps[index];

    public ReadOnlySpan<int> DependentsOf(int index) => _dependents[index];

    public IReadOnlyList<int> TransitiveDependents(int index)
    {
        var seen = new HashSet<int>();
        var order = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(index);
        while (queue.Count > 0)
        {
            foreach (var d in _dependents[queue.Dequeue()])
                if (seen.Add(d)) { order.Add(d); queue.Enqueue(d); }
        }
        return order;
    }
}
