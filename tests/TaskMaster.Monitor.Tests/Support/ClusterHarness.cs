using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Monitor.Cluster;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// A monitor service's fold over in-memory runs: real schedulers journal into <see cref="Runs"/>, each
/// with its own status model (the scheduler's view, to compare with), and a <see cref="ClusterMonitor"/>
/// follows them. Awaits what it needs with a timeout, never a sleep.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public ClusterHarness() =>
        Monitor = new ClusterMonitor(Runs, Runs, Runs, Options.Create(new ClusterMonitorOptions { CatalogInterval = TimeSpan.FromMilliseconds(50) }),
            TimeProvider.System, NullLogger<ClusterMonitor>.Instance);

    public InMemoryRuns Runs { get; } = new();

    public ClusterMonitor Monitor { get; }

    /// <summary>Starts a run of <paramref name="queue"/> whose attempts the returned executor decides; returns the scheduler's own status model too.</summary>
    public (Task Run, ScriptedExecutor Executor, RunStatusModel SchedulerView) StartRun(string runId, QueueDefinition queue, ScriptedExecutor executor, int concurrency = 2)
    {
        var journal = Runs.Journal(runId, queue, DateTimeOffset.UtcNow);
        var view = new RunStatusModel(concurrency, TimeProvider.System);
        var options = new SchedulerOptions { RunId = runId, Concurrency = concurrency, CpuCapacity = 64, MemoryCapacity = 1L << 40, Autonomous = true };
        var run = new RunScheduler(queue, options, executor, journal, [view], TimeProvider.System).RunAsync();
        return (run, executor, view);
    }

    /// <summary>The run once the monitor knows it (the next catalog read after it was added).</summary>
    public async Task<ClusterRun> KnownAsync(string runId)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var read = Monitor.NextCatalogRead;
            if (Monitor.TryGet(runId, out var run)) return run;
            await read.WaitAsync(deadline.Token);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds of the run's fold.</summary>
    public static async Task UntilAsync(ClusterRun run, Func<ClusterRun, bool> done)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var change = run.NextChange;
            if (done(run)) return;
            await change.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.StopAsync(CancellationToken.None);
        Monitor.Dispose();
    }
}
