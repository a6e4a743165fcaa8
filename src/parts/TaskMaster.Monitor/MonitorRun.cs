using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Monitor;

/// <summary>
/// The run a monitor shows: its queue and where its files are, and the read model the scheduler
/// keeps up to date (<see cref="RunStatusModel"/>, which must be among the run's observers before the monitor's).
/// </summary>
public sealed class MonitorRun
{
    private Dictionary<string, int>? _indexById;

    public required string RunId { get; init; }

    public required QueueDefinition Queue { get; init; }

    public required HomeLayout Home { get; init; }

    public required RunStatusModel Status { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The executor's memory budget, exported beside its memory.</summary>
    public Core.Policies.MemoryBudget MemoryBudget { get; init; } = Core.Policies.MemoryBudget.Default;

    /// <summary>The task's index in the queue; false for an unknown id.</summary>
    public bool TryIndexOf(string taskId, out int index)
    {
        _indexById ??= Queue.Tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return _indexById.TryGetValue(taskId, out index);
    }
}
