using TaskMaster.Core.Queue;

namespace TaskMaster.Monitor.Api;

/// <summary><c>GET /api/v1/graph</c>: the queue as a graph. Also embedded in a <c>monitor-init</c> dashboard file.</summary>
/// <param name="RunId">Null in a dashboard file made before any run.</param>
public sealed record GraphDocument(string? RunId, GraphQueue Queue, IReadOnlyList<GraphPhase> Phases, IReadOnlyList<GraphTask> Tasks)
{
    public static GraphDocument From(QueueDefinition queue, string? runId)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new GraphDocument(
            runId,
            new GraphQueue(queue.Name, queue.SourcePath),
            queue.Phases.Select(p => new GraphPhase(p.Name, p.Description)).ToList(),
            queue.Tasks.Select(t => new GraphTask(t.Id, t.Title, t.Description, t.Phase, t.DependsOn, t.Critical, t.Estimate?.TotalSeconds)).ToList());
    }
}

public sealed record GraphQueue(string Name, string Path);

public sealed record GraphPhase(string Name, string Description);

public sealed record GraphTask(
    string Id, string Title, string Description, string? Phase, IReadOnlyList<string> DependsOn, bool Critical, double? EstimateSeconds);
