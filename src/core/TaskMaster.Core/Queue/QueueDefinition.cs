namespace TaskMaster.Core.Queue;

/// <summary>A parsed, validated task queue: the DAG described by a <c>task-queue.md</c> file.</summary>
/// <param name="Name">The queue's name, from the H1 heading (without the optional <c>Queue:</c> prefix).</param>
/// <param name="Description">Free text under the H1, as plain text.</param>
/// <param name="SourcePath">Full path of the file the queue was read from.</param>
/// <param name="Concurrency">The queue's <c>concurrency</c> default, when it sets one.</param>
/// <param name="Phases">The <c>##</c> phases in file order.</param>
/// <param name="Tasks">Every task in file order; a task's index in this list is its stable number in a run.</param>
/// <param name="ContentHash">SHA-256 (hex) of the file's bytes: identifies the exact queue a run or checkpoint belongs to.</param>
public sealed record QueueDefinition(
    string Name,
    string Description,
    string SourcePath,
    int? Concurrency,
    IReadOnlyList<PhaseDefinition> Phases,
    IReadOnlyList<TaskDefinition> Tasks,
    string ContentHash)
{
    /// <summary>The folder relative working directories are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(SourcePath) ?? ".";
}

/// <summary>A <c>##</c> heading: a named group of tasks.</summary>
public sealed record PhaseDefinition(string Name, string Description, int Line);
