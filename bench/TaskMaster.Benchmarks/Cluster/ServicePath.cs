using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Net.Client;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// The whole path through the real services, as scripts/dev-up.sh starts them: the checkpoint service
/// (Redis, s3rver), the scheduler service in cluster mode (its journal in Redis) and worker services on
/// a queue prefix of their own (a second dispatcher on the dispatch path's prefix would take its
/// results). A run is a queue submitted over gRPC and followed with WatchRun to its last event.
/// </summary>
internal sealed class ServicePath : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels;
    private readonly string _queues;

    private ServicePath(ServiceProcess scheduler, IReadOnlyList<string?> storageFolders, WorkerFleet workers, List<GrpcChannel> channels, SchedulerClient client, string queues)
    {
        Scheduler = scheduler;
        StorageFolders = storageFolders;
        Workers = workers;
        _channels = channels;
        Client = client;
        _queues = queues;
    }

    public ServiceProcess Scheduler { get; }

    /// <summary>The folders of the checkpoint service, Redis and s3rver.</summary>
    public IReadOnlyList<string?> StorageFolders { get; }

    public WorkerFleet Workers { get; }

    public SchedulerClient Client { get; }

    public static async Task<ServicePath> StartAsync(ServerRoot root, RabbitMqServer broker, string tokenFile, int concurrency)
    {
        var redis = await RedisServer.StartAsync(root);
        var s3 = await S3Server.StartAsync(root, S3ServerKind.S3rver);
        var secretFile = Path.Combine(root.Folder, "s3-secret");
        TaskMaster.Core.Storage.PrivateFiles.WriteAllText(secretFile, s3.SecretKey + "\n");
        var checkpoint = await ServiceProcess.StartAsync(root, "checkpoint", new Dictionary<string, string>
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = redis.Endpoint,
            ["TASKMASTER_S3__URL"] = s3.ServiceUrl.ToString(),
            ["TASKMASTER_S3__ACCESSKEY"] = s3.AccessKey,
            ["TASKMASTER_S3__SECRETKEYFILE"] = secretFile,
            ["TASKMASTER_S3__BUCKET"] = $"taskmaster-{Guid.NewGuid():N}"[..30],
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
        });
        var prefix = "svc" + Guid.NewGuid().ToString("N")[..8];
        // The product's lease timeout: the worker-kill figure is only meaningful with it.
        var scheduler = await ServiceProcess.StartAsync(root, "scheduler", new Dictionary<string, string>
        {
            ["TASKMASTER_RABBITMQ__URI"] = broker.AmqpUri.ToString(),
            ["TASKMASTER_RABBITMQ__PREFIX"] = prefix,
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
            ["TASKMASTER_SCHEDULER__ADAPTERS"] = "cluster",
            ["TASKMASTER_SCHEDULER__STATEDIRECTORY"] = Path.Combine(root.Folder, "scheduler-state"),
            ["TASKMASTER_REDIS__ENDPOINT"] = redis.Endpoint,
            ["TASKMASTER_CHECKPOINT__URL"] = checkpoint.GrpcUrl.ToString(),
        });
        var channels = new List<GrpcChannel>();
        var client = SchedulerClients.Create(scheduler.GrpcUrl, $"Bearer {File.ReadAllText(tokenFile).Trim()}", channels);
        var queues = Directory.CreateDirectory(Path.Combine(root.Folder, "service-queues")).FullName;
        return new ServicePath(scheduler, [checkpoint.Folder, redis.Folder, s3.Folder], new WorkerFleet(root, broker, prefix, tokenFile, concurrency), channels, client, queues);
    }

    /// <summary>
    /// Submits <paramref name="count"/> independent tasks running <paramref name="command"/>, all allowed at
    /// once (as the dispatch path starts them), and follows the run to its end: the elapsed time from
    /// the submit call to the last event, and the events.
    /// </summary>
    public async Task<(TimeSpan Elapsed, List<RunEvent> Events)> RunAsync(int count, string command, TimeSpan timeout)
    {
        var (text, path) = WriteQueue(count, command, retries: 0);
        var clock = Stopwatch.StartNew();
        var runId = await SubmitAsync(text, path, count);
        var events = await WatchToEndAsync(runId, timeout);
        var elapsed = clock.Elapsed;
        if (events[^1] is not RunCompleted { Succeeded: true })
            throw new InvalidOperationException($"run {runId} did not succeed: its last event is {events[^1].GetType().Name}; {Scheduler.LogTail()}");
        return (elapsed, events);
    }

    public async Task<string> SubmitAsync(string queueText, string queuePath, int concurrency) =>
        (await Client.SubmitRunAsync(new SubmitRunRequest
        {
            QueueText = queueText,
            QueuePath = queuePath,
            Options = new RunOptions { Concurrency = concurrency },
        }, SchedulerClients.Within())).RunId;

    /// <summary>The run's events from its first until it ends.</summary>
    public Task<List<RunEvent>> WatchToEndAsync(string runId, TimeSpan timeout) =>
        RunWaits.WatchToEndAsync(Client, runId, (int)timeout.TotalSeconds);

    /// <summary>A queue file in a folder of its own, which the workers see at the same path.</summary>
    public (string Text, string Path) WriteQueue(int count, string command, int retries)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_queues, Guid.NewGuid().ToString("N")[..12])).FullName;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# Queue: services-{count}\n\n- retry-backoff: 0s\n\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"### t{i}: task {i}\n");
            if (retries > 0) text.Append(CultureInfo.InvariantCulture, $"- retries: {retries}\n");
            text.Append(CultureInfo.InvariantCulture, $"- run: `{command}`\n\n");
        }
        var path = Path.Combine(folder, "task-queue.md");
        File.WriteAllText(path, text.ToString());
        return (text.ToString(), path);
    }

    public async ValueTask DisposeAsync()
    {
        await Workers.DisposeAsync();
        foreach (var channel in _channels) channel.Dispose();
    }
}
