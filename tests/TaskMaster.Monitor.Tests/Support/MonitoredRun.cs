using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Embedded;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// A real scheduler over a scripted executor, watched by a real monitor on a free port of
/// 127.0.0.1, with an <see cref="HttpClient"/> to it. The recorder is the last observer: once an
/// event is awaited, the model and the monitor have seen it.
/// </summary>
internal sealed class MonitoredRun : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";

    public const string RunId = "run-monitor";

    private MonitoredRun(QueueDefinition queue, ScriptedExecutor executor, string home)
    {
        Executor = executor;
        HomeDirectory = home;
        Model = new RunStatusModel(4, TimeProvider.System);
        Control = new RecordingRunControl(Model);
        Run = new MonitorRun { RunId = RunId, Queue = queue, Home = new HomeLayout(home), Status = Model };
    }

    public ScriptedExecutor Executor { get; }

    public string HomeDirectory { get; }

    public RunStatusModel Model { get; }

    public RecordingRunControl Control { get; }

    public MonitorRun Run { get; }

    public EventRecorder Recorder { get; } = new();

    public MonitorServer Server { get; private set; } = null!;

    public RunScheduler Scheduler { get; private set; } = null!;

    public Task<RunSummary> Running { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <param name="script">Each launch's outcome; null leaves it running until the test ends it.</param>
    public static async Task<MonitoredRun> StartAsync(
        QueueDefinition queue, Func<TaskLaunch, TaskAttemptResult?> script, Action<MonitorOptions>? configure = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "taskmaster-monitor-tests", Guid.NewGuid().ToString("n"));
        var run = new MonitoredRun(queue, new ScriptedExecutor(script), home);
        var options = new MonitorOptions { Port = 0, DashboardAssembly = typeof(MonitoredRun).Assembly };
        configure?.Invoke(options);
        run.Server = await MonitorServer.StartAsync(options, run.Run, run.Control, Token, NullLoggerFactory.Instance);
        run.Http = new HttpClient { BaseAddress = run.Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var schedulerOptions = new SchedulerOptions { RunId = RunId, Concurrency = 4, CpuCapacity = 64, MemoryCapacity = 1L << 40 };
        run.Scheduler = new RunScheduler(queue, schedulerOptions, run.Executor, new InMemoryEventJournal(),
            [run.Model, .. run.Server.Observers, run.Recorder], TimeProvider.System);
        run.Running = run.Scheduler.RunAsync();
        await run.Recorder.WaitFor<RunStarted>();
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.IsCompleted) Scheduler.RequestStop("test over");
        await Running.WaitAsync(TimeSpan.FromSeconds(10));
        await Server.DisposeAsync();
        Http.Dispose();
        try { Directory.Delete(HomeDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { /* nothing was written */ }
    }
}
