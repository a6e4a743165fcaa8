using System.Globalization;
using Grpc.Net.Client;
using TaskMaster.Core.Storage;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// The whole distributed shape as real processes, as scripts/dev-up.sh starts it, on servers of its own
/// (the campaign kills and restarts them): Redis, RabbitMQ and s3rver, the checkpoint service, the
/// scheduler in cluster mode as <see cref="DefaultReplicas"/> replicas sharing one lease (one leads, the others stand
/// by), the monitor service and <see cref="WorkerCount"/> workers, one token for all.
/// Each worker's task logs are on a small tmpfs of its own where mounting is allowed (<see cref="WorkerDisks"/>).
/// </summary>
public sealed class ChaosStack : IAsyncDisposable
{
    public const int WorkerCount = 3;

    public const int DefaultReplicas = 2;

    /// <summary>The schedulers' lease (the product's default): a leader paused longer than this is replaced.</summary>
    public static readonly TimeSpan SchedulerLease = TimeSpan.FromSeconds(3);

    private readonly ServerRoot _root = new("chaos");
    private readonly List<GrpcChannel> _channels = [];
    private readonly Dictionary<ServiceProcess, SchedulerClient> _clients = [];

    private ChaosStack()
    {
    }

    public RedisServer Redis { get; private set; } = null!;

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public ServiceProcess Checkpoint { get; private set; } = null!;

    public SchedulerReplicas Schedulers { get; private set; } = null!;

    public ServiceProcess Monitor { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Workers { get; private set; } = [];

    /// <summary>Each worker's small disk for its task logs; null when this process may not mount one.</summary>
    public IReadOnlyList<WorkerDisk>? WorkerDisks { get; private set; }

    /// <summary>Why there are no <see cref="WorkerDisks"/>, when there are none.</summary>
    public string? NoWorkerDisks { get; private set; }

    public string Token { get; private set; } = "";

    /// <summary>The folder the stack's servers, processes and queues live in.</summary>
    public string Folder => _root.Folder;

    /// <summary>Starts everything; returns once every service answers <c>/readyz</c>.</summary>
    /// <param name="replicas">How many scheduler replicas (1 to 3): with one, nothing stands by.</param>
    public static async Task<ChaosStack> StartAsync(int replicas, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, 3);
        var stack = new ChaosStack();
        try
        {
            await stack.StartServicesAsync(replicas, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync(int replicas, CancellationToken cancel)
    {
        var redis = RedisServer.StartAsync(_root, cancellationToken: cancel);
        var rabbit = RabbitMqServer.StartAsync(_root, cancellationToken: cancel);
        var s3 = S3Server.StartAsync(_root, S3ServerKind.S3rver, cancellationToken: cancel);
        (Redis, RabbitMq, S3) = (await redis, await rabbit, await s3);

        var secrets = PrivateFiles.CreateDirectory(Path.Combine(_root.Folder, "secrets")).FullName;
        Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var tokenFile = Path.Combine(secrets, "token");
        PrivateFiles.WriteAllText(tokenFile, Token);
        var s3Secret = Path.Combine(secrets, "s3-secret");
        PrivateFiles.WriteAllText(s3Secret, S3.SecretKey + "\n");
        // Clients that give up soon, so that an outage is noticed at once and a restart soon after.
        var redisEndpoint = $"{Redis.Endpoint},connectTimeout=1000,asyncTimeout=2000";
        var broker = new Dictionary<string, string>
        {
            ["TASKMASTER_RABBITMQ__URI"] = RabbitMq.AmqpUri.ToString(),
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
        };

        Checkpoint = await ServiceProcess.StartAsync(_root, "checkpoint", new Dictionary<string, string>
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = redisEndpoint,
            ["TASKMASTER_CONTROL__TOKENFILE"] = tokenFile,
            ["TASKMASTER_S3__URL"] = S3.ServiceUrl.ToString(),
            ["TASKMASTER_S3__ACCESSKEY"] = S3.AccessKey,
            ["TASKMASTER_S3__SECRETKEYFILE"] = s3Secret,
            ["TASKMASTER_S3__BUCKET"] = "taskmaster-chaos",
            ["TASKMASTER_S3__TIMEOUTSECONDS"] = "2",
            ["TASKMASTER_S3__MAXRETRIES"] = "0",
        }, cancellationToken: cancel);
        // One after the other: the first takes the lease, the others find it held and stand by. Each has its own
        // ports and state folder; each advertises its own gRPC address (the default, http://127.0.0.1:<its port>).
        var schedulers = new List<ServiceProcess>();
        for (var k = 1; k <= replicas; k++)
        {
            schedulers.Add(await ServiceProcess.StartAsync(_root, "scheduler", new Dictionary<string, string>(broker)
            {
                ["TASKMASTER_SCHEDULER__ADAPTERS"] = "cluster",
                ["TASKMASTER_SCHEDULER__STATEDIRECTORY"] = Path.Combine(_root.Folder, $"scheduler-{k}-state"),
                ["TASKMASTER_REDIS__ENDPOINT"] = redisEndpoint,
                ["TASKMASTER_CHECKPOINT__URL"] = Checkpoint.GrpcUrl.ToString(),
                // Longer than the product's 1.6 s, as the cluster tests have it: two shared cores must not lose a worker that is alive.
                ["TASKMASTER_DISPATCH__LEASETIMEOUT"] = "00:00:05",
                ["TASKMASTER_SCHEDULER__LEASESECONDS"] = SchedulerLease.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            }, instance: $"scheduler-{k}", cancellationToken: cancel));
        }
        Schedulers = new SchedulerReplicas(schedulers);
        var monitor = ServiceProcess.StartAsync(_root, "monitor", new Dictionary<string, string>(broker)
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = redisEndpoint,
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(_root.Folder, "monitor-data"),
        }, cancellationToken: cancel);

        var homes = Enumerable.Range(1, WorkerCount).Select(k => Path.Combine(_root.Folder, $"worker-{k}-home")).ToList();
        (WorkerDisks, NoWorkerDisks) = await WorkerDisk.MountAllAsync(homes, cancel);
        var workers = Task.WhenAll(Enumerable.Range(1, WorkerCount).Select(k => ServiceProcess.StartAsync(_root, "worker",
            new Dictionary<string, string>(broker)
            {
                ["TASKMASTER_WORKER__ID"] = $"worker-{k}",
                ["TASKMASTER_WORKER__HOME"] = homes[k - 1],
                ["TASKMASTER_WORKER__CONCURRENCY"] = "2",
            }, instance: $"worker-{k}", cancellationToken: cancel)));
        Monitor = await monitor;
        Workers = await workers;
    }

    /// <summary>A client of the scheduler replica that leads now (awaited while a takeover is under way), with the stack's token.</summary>
    public async Task<SchedulerClient> LeaderClientAsync() => Client(await Schedulers.LeaderAsync());

    /// <summary>A client of <paramref name="replica"/> with the stack's token; one channel per replica, reused.</summary>
    public SchedulerClient Client(ServiceProcess replica)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(replica, out var client)) _clients[replica] = client = SchedulerClients.Create(replica.GrpcUrl, $"Bearer {Token}", _channels);
            return client;
        }
    }

    /// <summary>A new folder for a queue; the workers see it at the same path (the shared volume).</summary>
    public string QueueFolder(int seed) =>
        Directory.CreateDirectory(Path.Combine(_root.Folder, "queues", $"seed-{seed.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"[..28])).FullName;

    /// <summary>Every process and server of the stack, for a failing schedule's logs.</summary>
    public string Logs() =>
        string.Join(Environment.NewLine, new[] { Checkpoint }.Concat(Schedulers.All).Append(Monitor).Concat(Workers).Select(s => s.LogTail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        var services = new[] { Checkpoint, Monitor }.Concat(Schedulers?.All ?? []).Concat(Workers).Where(s => s is not null).ToList();
        // The workers stop (and let go of their disks) before the disks are unmounted and the folder is deleted.
        await Task.WhenAll(services.Select(s => s.StopAsync()));
        foreach (var disk in WorkerDisks ?? []) await disk.UnmountAsync();
        await _root.DisposeAsync();
    }
}
