using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Dispatch;
using TaskMaster.RabbitMq.Messages;
using TaskMaster.RabbitMq.Work;
using TaskMaster.Testing.Servers;
using TaskMaster.Worker;
using TaskMaster.LocalHome;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>
/// A scheduler side (its own bus and <see cref="BrokerDispatcher"/>) and workers on a real broker,
/// under a queue prefix of its own so that tests sharing the broker never meet; a folder for the
/// queue and the homes; the output lines workers published, by run.
/// </summary>
public sealed class BrokerCluster : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly ConcurrentQueue<AttemptLogLines> _logLines = new();
    private TaskCompletionSource _logLinesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _heartbeats = new(StringComparer.Ordinal);

    private BrokerCluster(RabbitMqServer broker, string folder)
    {
        Broker = broker;
        Folder = folder;
        Settings = new RabbitMqSettings { Uri = broker.AmqpUri, Prefix = "t" + Guid.NewGuid().ToString("N")[..12] };
        QueueDirectory = Directory.CreateDirectory(Path.Combine(folder, "queue")).FullName;
        SchedulerState = new TaskStateFiles(new HomeLayout(Path.Combine(folder, "scheduler")));
        Log = new FileLog(Path.Combine(folder, "test.log"));
        Logs = Log.Factory();
    }

    /// <summary>What the scheduler side and the in-process workers logged.</summary>
    public FileLog Log { get; }

    private ILoggerFactory Logs { get; }

    public RabbitMqServer Broker { get; }

    public string Folder { get; }

    public RabbitMqSettings Settings { get; }

    public string QueueDirectory { get; }

    /// <summary>Where the scheduler keeps the task state files.</summary>
    public TaskStateFiles SchedulerState { get; }

    public IBusControl SchedulerBus { get; private set; } = null!;

    public BrokerDispatcher Dispatcher { get; private set; } = null!;

    /// <param name="broker">The broker.</param>
    /// <param name="options">
    /// The scheduler side's; by default a lease of 10 s, so that a test not about lost workers never
    /// sees one on a loaded machine (tests of lost workers pass the product's defaults).
    /// </param>
    public static async Task<BrokerCluster> StartAsync(RabbitMqServer broker, BrokerDispatchOptions? options = null)
    {
        var cluster = await StartBusAsync(broker);
        cluster.Dispatcher = new BrokerDispatcher(cluster.SchedulerBus, cluster.Settings.Topology, options ?? new BrokerDispatchOptions { LeaseTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System, cluster.Logs.CreateLogger<BrokerDispatcher>());
        cluster.Dispatcher.HeartbeatReceived += id => cluster.Heartbeat(id).TrySetResult();
        await cluster.Dispatcher.StartAsync(Timeouts.Cancel());
        cluster._owned.Add(cluster.Dispatcher);
        return cluster;
    }

    /// <summary>
    /// A cluster whose scheduler side is the test: no <see cref="BrokerDispatcher"/> consumes the
    /// scheduler queue, the <see cref="ScriptedScheduler"/> does, and answers workers when told.
    /// </summary>
    public static async Task<(BrokerCluster Cluster, ScriptedScheduler Scheduler)> StartScriptedAsync(RabbitMqServer broker)
    {
        var cluster = await StartBusAsync(broker);
        var scheduler = await ScriptedScheduler.StartAsync(cluster.SchedulerBus, cluster.Settings.Topology);
        scheduler.Context = () => cluster.Log.Tail();
        cluster._owned.Add(scheduler);
        return (cluster, scheduler);
    }

    private static async Task<BrokerCluster> StartBusAsync(RabbitMqServer broker)
    {
        var folder = Directory.CreateTempSubdirectory("tm-messaging-").FullName;
        var cluster = new BrokerCluster(broker, folder);
        cluster.SchedulerBus = cluster.CreateBus();
        await cluster.SchedulerBus.StartAsync(Timeouts.Cancel());
        cluster._owned.Add(new BusStopper(cluster.SchedulerBus));
        var logs = cluster.SchedulerBus.ConnectReceiveEndpoint($"{cluster.Settings.Prefix}-logs", endpoint =>
            endpoint.Handler<AttemptLogLines>(context =>
            {
                cluster._logLines.Enqueue(context.Message);
                Interlocked.Exchange(ref cluster._logLinesArrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                return Task.CompletedTask;
            }));
        await logs.Ready.WaitAsync(Timeouts.Cancel());
        return cluster;
    }

    public IBusControl CreateBus() => Broker.CreateBus(rabbit => TaskMasterBus.ConfigureHost(rabbit, Settings));

    public BrokerTaskExecutor CreateExecutor(string runId)
    {
        var executor = Dispatcher.CreateExecutor(runId, SchedulerState);
        _owned.Insert(0, executor);
        return executor;
    }

    public TaskLaunch Launch(string runId, string taskId, string command, int attempt = 1, int index = 0) =>
        new(runId, index, new TaskDefinition { Id = taskId, Title = taskId, Command = new TaskCommand(command, TaskCommand.DefaultShell, 1, false) },
            attempt, QueueDirectory);

    /// <summary>A worker in this process (its own bus, process executor and home); stopped with the cluster.</summary>
    /// <param name="configure">Changes to its settings beyond the id, concurrency and home.</param>
    public async Task<AttemptWorker> AddWorkerAsync(string id, int concurrency = 2, Action<WorkerOptions>? configure = null)
    {
        var bus = CreateBus();
        await bus.StartAsync(Timeouts.Cancel());
        var options = new WorkerOptions { Id = id, Concurrency = concurrency, Home = Path.Combine(Folder, id) };
        configure?.Invoke(options);
        var executor = new ProcessTaskExecutor(new ProcessExecutorOptions { Home = new HomeLayout(options.Home) }, TimeProvider.System, Logs.CreateLogger<ProcessTaskExecutor>());
        var worker = new AttemptWorker(bus, Settings.Topology, options, executor, TimeProvider.System, Logs.CreateLogger<AttemptWorker>());
        // Stopped first to last: the worker, its processes, its bus.
        _owned.Insert(0, new BusStopper(bus));
        _owned.Insert(0, executor);
        _owned.Insert(0, worker);
        await worker.StartAsync(Timeouts.Cancel());
        return worker;
    }

    /// <summary>Completes once the scheduler has had a heartbeat of worker <paramref name="workerId"/>: it takes attempts.</summary>
    public Task WorkerReadyAsync(string workerId, TimeSpan timeout) => Heartbeat(workerId).Task.WaitAsync(timeout);

    /// <summary>The output lines of a run's task, in the order the batches were numbered.</summary>
    public IReadOnlyList<AttemptLogLine> LogLines(string runId, string taskId) =>
        [.. _logLines.Where(b => b.RunId == runId && b.TaskId == taskId).OrderBy(b => b.Attempt).ThenBy(b => b.Sequence).SelectMany(b => b.Lines)];

    /// <summary>
    /// The task's streamed lines once one of them is <paramref name="wanted"/>: lines travel apart from
    /// the result, so they may arrive after it.
    /// </summary>
    public async Task<IReadOnlyList<AttemptLogLine>> LogLinesWithAsync(string runId, string taskId, Func<AttemptLogLine, bool> wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var arrived = Volatile.Read(ref _logLinesArrived).Task;
            var lines = LogLines(runId, taskId);
            if (lines.Any(wanted)) return lines;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"no such line of {taskId} within {timeout.TotalSeconds:0}s; lines: {string.Join(" | ", lines.Select(l => l.Text))}");
            await arrived.WaitAsync(left).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
        Logs.Dispose();
        // Kept when the test failed, to read its log: TASKMASTER_KEEP_SERVERS=1.
        if (Environment.GetEnvironmentVariable("TASKMASTER_KEEP_SERVERS") != "1") Directory.Delete(Folder, recursive: true);
    }

    private TaskCompletionSource Heartbeat(string workerId) =>
        _heartbeats.GetOrAdd(workerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class BusStopper(IBusControl bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await bus.StopAsync();
    }
}

internal static class Timeouts
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    public static CancellationToken Cancel() => new CancellationTokenSource(Long).Token;
}
