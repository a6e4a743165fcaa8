using System.Reflection;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// The control a run's dashboard gets in the monitor service: its status is the monitor's fold;
/// every call that would change the run is refused, naming where it belongs (the scheduler service).
/// A proxy, so that every method of <see cref="IRunControl"/>, present and future, is covered.
/// </summary>
public class SchedulerOwnedRunControl : DispatchProxy
{
    private ClusterRun? _run;

    public static IRunControl For(ClusterRun run)
    {
        var proxy = DispatchProxy.Create<IRunControl, SchedulerOwnedRunControl>();
        ((SchedulerOwnedRunControl)(object)proxy)._run = run;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var run = _run!;
        if (targetMethod.Name == "get_" + nameof(IRunControl.RunId)) return run.RunId;
        if (targetMethod.Name == nameof(IRunControl.GetStatusAsync) && args?[0] is StatusQuery query)
            return Task.FromResult(run.Status?.Snapshot(query.Detailed) ?? throw new RunControlException("the run is starting; ask again in a moment"));
        throw new RunControlException(
            $"this is the cluster's monitor, which only shows run {run.RunId}: steer it through the scheduler service (task-master --server URL …)");
    }
}
