using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Monitor.Cluster;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Cluster;

/// <summary>The monitor service's own <c>/metrics</c>: every run it folds, each series labelled with the run's id.</summary>
public sealed class ClusterRunMetricsTests
{
    [Fact]
    public async Task Metrics_TwoRunsFolded_EachRunsFiguresAndCountersLabelledWithItsId()
    {
        await using var cluster = new ClusterHarness();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var monitor = new ClusterMonitor(cluster.Runs, cluster.Runs, cluster.Runs,
            Options.Create(new ClusterMonitorOptions { CatalogInterval = TimeSpan.FromMilliseconds(50) }),
            TimeProvider.System, NullLogger<ClusterMonitor>.Instance, [new ClusterRunMetrics(registry)]);
        var (good, _, _) = cluster.StartRun("run-good", QueueOf(TaskDef("a"), TaskDef("b", "a")),
            new ScriptedExecutor(l => TaskAttemptResult.Success(l, 0, TimeSpan.FromMilliseconds(5))));
        // The same queue (the harness finds a run's queue by its path): in this run "a" fails, so "b" is blocked.
        var (bad, _, _) = cluster.StartRun("run-bad", QueueOf(TaskDef("a"), TaskDef("b", "a")),
            new ScriptedExecutor(l => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 3", TimeSpan.FromMilliseconds(5), exitCode: 3)));
        await Task.WhenAll(good, bad).WaitAsync(ClusterHarness.Timeout);

        await monitor.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
            foreach (var id in new[] { "run-good", "run-bad" })
            {
                monitor.TryGet(id, out var run);
                await ClusterHarness.UntilAsync(run, r => r.Ended || r.Problem is not null);
            }
            using var text = new MemoryStream();
            await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
            var lines = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n');

            Assert.Contains("taskmaster_tasks{state=\"succeeded\",run_id=\"run-good\"} 2", lines);
            Assert.Contains("taskmaster_tasks{state=\"failed\",run_id=\"run-bad\"} 1", lines);
            Assert.Contains("taskmaster_tasks{state=\"blocked\",run_id=\"run-bad\"} 1", lines);
            Assert.Contains("taskmaster_task_attempts_total{run_id=\"run-good\"} 2", lines);
            Assert.Contains("taskmaster_task_failures_total{class=\"permanent\",run_id=\"run-bad\"} 1", lines);
            Assert.Contains("taskmaster_error_rate{run_id=\"run-bad\"} 1", lines);
            Assert.Contains(lines, l => l.StartsWith("taskmaster_run_info{queue=", StringComparison.Ordinal) && l.Contains("run_id=\"run-good\"", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("taskmaster_executor_", StringComparison.Ordinal));
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }
}
