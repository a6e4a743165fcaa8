namespace TaskMaster.Core.Graph;

/// <summary>A dependency cycle: one per strongly connected component that loops.</summary>
/// <param name="Path">
/// A cycle through the component's first task (lowest index): each task depends on the next,
/// and the last depends on the first. A self-dependency is a path of one task.
/// </param>
/// <param name="Component">Every task caught in the cycle, in task order; may hold more than <paramref name="Path"/>.</param>
public sealed record DependencyCycle(IReadOnlyList<int> Path, IReadOnlyList<int> Component);

/// <summary>Finds dependency cycles without recursion, so a 100k-task chain cannot overflow the stack.</summary>
public static class CycleFinder
{
    /// <summary>Every cycle of <paramref name="graph"/>, one per strongly connected component, ordered by first task.</summary>
    public static IReadOnlyList<DependencyCycle> FindCycles(TaskGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var components = StronglyConnectedComponents(graph);
        var cycles = new List<DependencyCycle>();
        var parent = new int[graph.Count];
        foreach (var component in components)
        {
            var first = component[0];
            if (component.Length == 1 && !graph.DependenciesOf(first).Contains(first)) continue;
            cycles.Add(new DependencyCycle(ShortestLoop(graph, first, component, parent), component));
        }
        cycles.Sort((a, b) => a.Component[0].CompareTo(b.Component[0]));
        return cycles;
    }

    /// <summary>Tarjan's algorithm with an explicit stack; each component sorted ascending.</summary>
    private static List<int[]> StronglyConnectedComponents(TaskGraph graph)
    {
        var n = graph.Count;
        var order = new int[n];
        var low = new int[n];
        Array.Fill(order, -1);
        var onStack = new bool[n];
        var stack = new int[n];
        var stackTop = 0;
        var callNode = new int[n];
        var callEdge = new int[n];
        var counter = 0;
        var components = new List<int[]>();

        for (var root = 0; root < n; root++)
        {
            if (order[root] >= 0) continue;
            var depth = 0;
            Enter(root);
            while (depth > 0)
            {
                var v = callNode[depth - 1];
                var edges = graph.DependenciesOf(v);
                if (callEdge[depth - 1] < edges.Length)
                {
                    var w = edges[callEdge[depth - 1]++];
                    if (order[w] < 0) Enter(w);
                    else if (onStack[w]) low[v] = Math.Min(low[v], order[w]);
                    continue;
                }
                depth--;
                if (low[v] == order[v]) components.Add(PopComponent(v));
                if (depth > 0) low[callNode[depth - 1]] = Math.Min(low[callNode[depth - 1]], low[v]);
            }

            void Enter(int node)
            {
                order[node] = low[node] = counter++;
                stack[stackTop++] = node;
                onStack[node] = true;
                callNode[depth] = node;
                callEdge[depth] = 0;
                depth++;
            }
        }
        return components;

        int[] PopComponent(int root)
        {
            var start = Array.LastIndexOf(stack, root, stackTop - 1);
            var members = stack[start..stackTop];
            foreach (var member in members) onStack[member] = false;
            stackTop = start;
            Array.Sort(members);
            return members;
        }
    }

    /// <summary>Breadth-first search inside the component for the shortest way from <paramref name="start"/> back to itself.</summary>
    private static int[] ShortestLoop(TaskGraph graph, int start, int[] component, int[] parent)
    {
        // Components are disjoint, so `parent` can be shared: only this component's entries are touched.
        foreach (var member in component) parent[member] = -1;
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in graph.DependenciesOf(v))
            {
                if (w == start) return PathTo(v);
                if (parent[w] != -1 || Array.BinarySearch(component, w) < 0) continue;
                parent[w] = v;
                queue.Enqueue(w);
            }
        }
        throw new InvalidOperationException("A strongly connected component has no loop through its first task.");

        int[] PathTo(int last)
        {
            var path = new List<int>();
            for (var v = last; v != start; v = parent[v]) path.Add(v);
            path.Add(start);
            path.Reverse();
            return path.ToArray();
        }
    }
}
