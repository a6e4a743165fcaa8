using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    public static readonly TheoryData<string> Documented =
    [
        "taskmaster_run_info", "taskmaster_tasks{state=\"succeeded\"}", "taskmaster_tasks{state=\"running\"}",
        "taskmaster_run_progress_percent", "taskmaster_task_attempts_total", "taskmaster_task_retries_total",
        "taskmaster_task_failures_total{class=\"permanent\"}", "taskmaster_task_duration_seconds_bucket",
        "taskmaster_dispatch_latency_seconds_bucket", "taskmaster_autonomy_score", "taskmaster_execution_efficiency",
        "taskmaster_error_rate", "taskmaster_recovery_rate", "taskmaster_checkpoints_total", "taskmaster_checkpoint_failures_total",
        "taskmaster_checkpoint_age_seconds", "taskmaster_checkpoint_duration_seconds_bucket", "taskmaster_executor_cpu_seconds_total",
        "taskmaster_executor_memory_bytes", "taskmaster_executor_memory_budget_bytes", "taskmaster_monitor_feed_clients",
        "taskmaster_executor_disk_read_bytes_total", "taskmaster_executor_disk_written_bytes_total",
    ];

    [Theory]
    [MemberData(nameof(Documented))]
    public async Task Metrics_DuringARun_ExposeEachDocumentedMetric(string name)
    {
        await using var run = await StartedWithACheckpointAsync();

        var text = await run.Http.GetStringAsync("metrics");

        Assert.Contains(name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterOneSuccessAndOneFailure_CountThem()
    {
        await using var run = await StartedWithACheckpointAsync();

        var text = await run.Http.GetStringAsync("metrics");

        Assert.Contains("taskmaster_task_attempts_total 3", text, StringComparison.Ordinal);
        Assert.Contains("taskmaster_task_failures_total{class=\"permanent\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("taskmaster_tasks{state=\"succeeded\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("taskmaster_checkpoints_total 1", text, StringComparison.Ordinal);
        Assert.Contains("taskmaster_error_rate 0.5", text, StringComparison.Ordinal);
    }

    /// <summary>A run where <c>ok</c> succeeded, <c>bad</c> failed for good, <c>slow</c> runs, and one checkpoint was taken.</summary>
    private static async Task<MonitoredRun> StartedWithACheckpointAsync()
    {
        var run = await MonitoredRun.StartAsync(QueueOf(TaskDef("ok"), TaskDef("bad"), TaskDef("slow")), l => l.Task.Id switch
        {
            "ok" => TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(2)),
            "bad" => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 1", TimeSpan.FromSeconds(1), exitCode: 1),
            _ => null,
        });
        run.Scheduler.ReportCheckpoint(new CheckpointTaken(DateTimeOffset.UtcNow, 1, "test", "/tmp/c.json", null, 3, TimeSpan.FromMilliseconds(12)));
        await Task.WhenAll(run.Recorder.WaitFor<CheckpointTaken>(), run.Recorder.WaitFor<TaskFailed>(), run.Recorder.WaitFor<TaskSucceeded>());
        return run;
    }
}
