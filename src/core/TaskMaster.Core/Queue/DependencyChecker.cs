using TaskMaster.Core.Graph;

namespace TaskMaster.Core.Queue;

/// <summary>Reports dependencies on ids that do not exist, and every dependency cycle.</summary>
internal static class DependencyChecker
{
    /// <summary>
    /// Finding the nearest id compares against every id; past this many unknown dependencies the
    /// suggestion is left out, so a file full of them cannot take minutes to refuse.
    /// </summary>
    private const int MaxSuggestions = 100;

    /// <param name="tasks">Tasks with valid, unique ids, in file order.</param>
    /// <param name="errors">Where errors go.</param>
    public static void Check(IReadOnlyList<TaskDraft> tasks, QueueErrors errors)
    {
        var ids = tasks.Select(t => t.Id!).ToArray();
        var suggestions = 0;
        var graph = TaskGraph.Create(
            ids,
            i => tasks[i].Fields.DependsOn ?? [],
            (i, unknown) => errors.Add(
                tasks[i].Fields.LineOf("depends"),
                UnknownDependency(tasks[i], unknown, ids, suggest: suggestions++ < MaxSuggestions)));

        foreach (var cycle in CycleFinder.FindCycles(graph))
            errors.Add(tasks[cycle.Component[0]].Line, DescribeCycle(cycle, graph));
    }

    private static string UnknownDependency(TaskDraft task, string unknown, string[] ids, bool suggest)
    {
        if (ids.Length == 0) return $"{task.Label} depends on `{unknown}`, but the file has no tasks with valid ids";
        var nearest = suggest ? EditDistance.Nearest(unknown, ids) : null;
        var hint = nearest is { } n ? $"; did you mean `{n.Candidate}`?" : "";
        return $"{task.Label} depends on `{unknown}`, which is not a task in this file{hint} ids that exist: {Excerpt.List(ids)}";
    }

    private static string DescribeCycle(DependencyCycle cycle, TaskGraph graph)
    {
        var path = string.Join(" -> ", cycle.Path.Append(cycle.Path[0]).Select(graph.IdOf));
        var message = $"dependency cycle: {path} (each task depends on the next)";
        if (cycle.Component.Count == cycle.Path.Count) return message;
        var others = cycle.Component.Except(cycle.Path).Select(graph.IdOf).ToArray();
        return $"{message}; also caught in it: {Excerpt.List(others)}";
    }
}
