using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;

namespace TaskMaster.Core.Tests.ReadModel;

/// <summary>
/// A real scheduler over a scripted executor, on a fake clock, with a <see cref="RunStatusModel"/>
/// among its observers. The model comes before the recorder, so once an event is awaited the model
/// has seen it too.
/// </summary>
internal sealed class StatusRun : IAsyncDisposable
{
    public const int Concurrency = 4;

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public StatusRun(QueueDefinition queue, Func<TaskLaunch, TaskAttemptResult?> script)
    {
        Executor = new ScriptedExecutor(script);
        Model = new RunStatusModel(Concurrency, Time);
        var options = new SchedulerOptions { RunId = "run-status", Concurrency = Concurrency, CpuCapacity = 64, MemoryCapacity = 1L << 40 };
        Scheduler = new RunScheduler(queue, options, Executor, new InMemoryEventJournal(), [Model, Recorder], Time);
        Run = Scheduler.RunAsync();
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public EventRecorder Recorder { get; } = new();

    public ScriptedExecutor Executor { get; }

    public RunStatusModel Model { get; }

    public RunScheduler Scheduler { get; }

    public Task<RunSummary> Run { get; }

    /// <summary>The model's report; the run must have started.</summary>
    public RunStatusReport Snapshot(bool detailed = false) => Model.Snapshot(detailed) ?? throw new InvalidOperationException("not started");

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted) Scheduler.RequestStop("test over");
        await Run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
