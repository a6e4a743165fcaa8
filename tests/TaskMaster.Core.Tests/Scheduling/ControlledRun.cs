using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>A run steered by a test as an operator would: its scheduler, journal, events and clock.</summary>
internal sealed class ControlledRun
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public ControlledRun(QueueDefinition queue, ScriptedExecutor executor, bool autonomous = true, int concurrency = 4)
    {
        Executor = executor;
        Scheduler = new RunScheduler(queue,
            new SchedulerOptions { RunId = "run-1", Concurrency = concurrency, CpuCapacity = 64, MemoryCapacity = 1L << 40, Autonomous = autonomous },
            executor, Journal, [Recorder], Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public InMemoryEventJournal Journal { get; } = new();

    public EventRecorder Recorder { get; } = new();

    public ScriptedExecutor Executor { get; }

    public RunScheduler Scheduler { get; }

    public Task<RunSummary> Start() => Scheduler.RunAsync();

    /// <summary>
    /// Returns once every message sent before it has been handled and its step carried out (launches
    /// included): it sends a request the loop refuses without changing anything, and waits for the answer.
    /// </summary>
    public async Task SettleAsync()
    {
        await Assert.ThrowsAsync<ControlRefusedException>(() => Scheduler.OverrideAsync("\u0000settle", TaskMaster.Core.Events.OverrideAction.Skip, null))
            .WaitAsync(Limit);
    }

    /// <summary>The state a fresh fold of the journal gives: what a replay sees.</summary>
    public RunState Replay()
    {
        var state = new RunState(Scheduler.State.Queue);
        foreach (var e in Journal.Events) state.Apply(e);
        return state;
    }

    public static TaskAttemptResult Exit(TaskLaunch launch, int code) => code == 0
        ? TaskAttemptResult.Success(launch, 0, TimeSpan.FromSeconds(1))
        : TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, $"exit code {code}", TimeSpan.FromSeconds(1), exitCode: code);
}
