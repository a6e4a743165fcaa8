using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>A worker service added to a running stack: its id and home (what <c>$TASKMASTER_HOME</c> is for its tasks).</summary>
public sealed record AddedWorker(string Id, string Home, ServiceProcess Process);

// Workers joining and leaving a stack while runs go on, as scripts/dev-workers.sh does.
public sealed partial class ClusterStack
{
    private int _added;

    /// <summary>
    /// Starts one more worker service on the stack's broker, with a home of its own; returned once it
    /// answers <c>/readyz</c>. The stack is shared: <see cref="RemoveWorkerAsync"/> it before the test ends.
    /// </summary>
    /// <param name="settings">More of its settings (<c>TASKMASTER_WORKER__DRAINTIMEOUT</c>, …), over the stack's.</param>
    public async Task<AddedWorker> AddWorkerAsync(int concurrency = 2, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var id = $"worker-{WorkerCount + Interlocked.Increment(ref _added)}";
        var home = Path.Combine(Root.Folder, $"{id}-home");
        var all = new Dictionary<string, string>(BrokerSettings)
        {
            ["TASKMASTER_WORKER__ID"] = id,
            ["TASKMASTER_WORKER__HOME"] = home,
            ["TASKMASTER_WORKER__CONCURRENCY"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return new AddedWorker(id, home, await ServiceProcess.StartAsync(Root, "worker", all, instance: id, cancellationToken));
    }

    /// <summary>Removes an added worker as an orchestrator does: SIGTERM (it finishes or hands back its tasks), awaited until it has exited.</summary>
    public Task RemoveWorkerAsync(AddedWorker worker, CancellationToken cancellationToken = default) =>
        worker.Process.StopAsync(cancellationToken);
}
